namespace Buildpacks.Platform;

/// <summary>
/// The base of every error the platform raises on purpose. Callers (the MSBuild tasks) map each subtype to a BPnnnn
/// code; the message already names the file, key, buildpack or image at fault and says what to do.
/// </summary>
public class PlatformException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlatformException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public PlatformException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
