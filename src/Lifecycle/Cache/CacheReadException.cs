namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// A cached layer is missing, unreadable, or its content does not match its diff ID (the reference lifecycle's
/// <c>cache.ReadErr</c>). Expected on a damaged or pruned cache: the restorer warns and skips the layer, the exporter warns
/// and adds the layer afresh instead of reusing it.
/// </summary>
public sealed class CacheReadException : CacheException
{
    /// <summary>Creates the exception.</summary>
    public CacheReadException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
