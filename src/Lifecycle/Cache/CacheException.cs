namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// A build cache could not be read or written. Never fatal for an export (Platform API: the exporter only warns when
/// the cache cannot be saved); the analyzer and restorer treat an unreadable cache as an empty one where they can.
/// </summary>
public class CacheException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CacheException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
