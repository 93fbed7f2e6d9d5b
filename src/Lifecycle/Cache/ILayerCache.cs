using Buildpacks.Images.Model;
using Buildpacks.Lifecycle.Metadata;

namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// A build cache (Platform API, "Caching"; reference lifecycle <c>cache.Cache</c>): cached layer tars by diff ID plus
/// <see cref="CacheMetadata"/>. Opening a cache gives two sides at once: the committed cache of the previous build, read
/// by the restorer and the exporter, and a new cache the exporter fills (new layers, layers reused from the old cache,
/// metadata) and then commits in one step. Until <see cref="CommitAsync"/> the committed cache is left as it was.
/// <para>
/// Every failure is a <see cref="CacheException"/>; a <see cref="CacheReadException"/> means a layer is missing,
/// unreadable or not what its diff ID says, which callers treat as a warning (the restorer skips the layer, the
/// exporter adds it afresh instead of reusing it). The exporter turns any cache failure into a warning.
/// </para>
/// <para>
/// Disposing a cache releases what it holds for an uncommitted new cache (temporary copies of added layers), so a
/// failed export leaves nothing behind.
/// </para>
/// </summary>
public interface ILayerCache : IDisposable
{
    /// <summary>What the cache is, for log lines: the directory or the image reference.</summary>
    string Name { get; }

    /// <summary>Whether a committed cache was found (an absent one reads as empty).</summary>
    bool Exists { get; }

    /// <summary>The committed metadata; missing or corrupt metadata reads as <see cref="CacheMetadata.Empty"/>.</summary>
    /// <exception cref="CacheException">The cache could not be read at all.</exception>
    Task<CacheMetadata> RetrieveMetadataAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens the committed layer with diff ID <paramref name="diffId"/> as an uncompressed tar stream. Its entries hold
    /// absolute paths (<c>/layers/&lt;bp&gt;/&lt;layer&gt;/…</c>) as the exporter wrote them.
    /// </summary>
    /// <exception cref="CacheReadException">The cache has no such layer or it cannot be read.</exception>
    Task<Stream> RetrieveLayerAsync(Digest diffId, CancellationToken cancellationToken);

    /// <summary>Whether the committed cache has the layer <paramref name="diffId"/>.</summary>
    Task<bool> HasLayerAsync(Digest diffId, CancellationToken cancellationToken);

    /// <summary>
    /// Checks that the committed layer's content hashes to <paramref name="diffId"/> (a cache directory re-hashes the
    /// tar; a cache image relies on the store verifying blob digests as it reads them).
    /// </summary>
    /// <exception cref="CacheReadException">The layer is missing, unreadable, or its content has another digest.</exception>
    Task VerifyLayerAsync(Digest diffId, CancellationToken cancellationToken);

    /// <summary>Sets the metadata of the new cache.</summary>
    /// <exception cref="CacheException">It could not be written, or the cache was already committed.</exception>
    Task SetMetadataAsync(CacheMetadata metadata, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the layer in <paramref name="layerFile"/> (a tar, plain or gzip-compressed, e.g. the blob the exporter wrote
    /// for the app image) to the new cache under its diff ID <paramref name="diffId"/>. The file is copied; the caller may
    /// delete or overwrite it afterwards.
    /// </summary>
    /// <exception cref="CacheException">It could not be added, or the cache was already committed.</exception>
    Task AddLayerFileAsync(string layerFile, Digest diffId, CancellationToken cancellationToken);

    /// <summary>Carries the committed layer <paramref name="diffId"/> over into the new cache without copying its bytes.</summary>
    /// <exception cref="CacheReadException">The committed cache has no such layer: add it with <see cref="AddLayerFileAsync"/>.</exception>
    /// <exception cref="CacheException">Any other failure, or the cache was already committed.</exception>
    Task ReuseLayerAsync(Digest diffId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the new cache the committed one, atomically: afterwards the cache holds exactly the layers added or reused
    /// and the metadata set; if commit fails the previous committed cache is still there. A cache commits once.
    /// </summary>
    /// <exception cref="CacheException">The commit failed, or the cache was already committed.</exception>
    Task CommitAsync(CancellationToken cancellationToken);
}
