namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// A buildpack that cannot be used: its directory, archive, package file or image is missing or malformed, or it does
/// not fit with the others (duplicate id@version with other contents, an order naming a buildpack that is not there).
/// </summary>
public sealed class BuildpackException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public BuildpackException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
