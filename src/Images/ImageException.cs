namespace Buildpacks.Images;

/// <summary>
/// The base of every error the image engine raises on purpose. Callers (the MSBuild tasks) map each subtype to a
/// BPnnnn code; the message already names what is wrong and what to do.
/// </summary>
public class ImageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public ImageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
