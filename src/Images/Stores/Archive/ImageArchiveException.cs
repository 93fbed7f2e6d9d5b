namespace Buildpacks.Images.Stores.Archive;

/// <summary>An image archive that cannot be read or changed as asked.</summary>
public sealed class ImageArchiveException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public ImageArchiveException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
