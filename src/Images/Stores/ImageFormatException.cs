namespace Buildpacks.Images.Stores;

/// <summary>An image whose manifest, index or config is malformed or inconsistent.</summary>
public sealed class ImageFormatException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public ImageFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
