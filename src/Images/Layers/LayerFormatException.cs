namespace Buildpacks.Images.Layers;

/// <summary>A layer blob that is not a readable tar (or gzip of one).</summary>
public sealed class LayerFormatException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public LayerFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
