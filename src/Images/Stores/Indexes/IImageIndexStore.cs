using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores.Indexes;

/// <summary>
/// A store that holds image indexes (multi-platform images) as well as images: a registry, an OCI layout or an OCI
/// archive. A daemon holds one platform per name and is not one.
/// </summary>
public interface IImageIndexStore : IImageStore
{
    /// <summary>
    /// Reads the index <paramref name="reference"/> names. Returns null when the store has no such name or the name
    /// is a single image (read it with <see cref="IImageStore.TryReadImageAsync"/>).
    /// </summary>
    Task<StoredIndex?> TryReadIndexAsync(ImageReference reference, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an index of the request's images under every tag of the request. Each image is first made present in the
    /// destination (nothing moves when it is already there, a registry mounts what another repository has); the index
    /// is written last, so a failed write leaves the tags as they were.
    /// </summary>
    Task<IndexWriteResult> WriteIndexAsync(IndexWriteRequest request, CancellationToken cancellationToken);
}
