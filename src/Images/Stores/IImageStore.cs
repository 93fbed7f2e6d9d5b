using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores;

/// <summary>
/// A place images live: a registry, a Docker/Podman daemon, an OCI image layout directory or an image archive.
/// Every store reads and writes the same model, so export, copy and rebase are written once over this interface.
/// </summary>
public interface IImageStore
{
    /// <summary>What this store is, for log lines and errors, e.g. <c>registry localhost:5000</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Reads the image that <paramref name="reference"/> names, resolving an index to the manifest for
    /// <paramref name="platform"/>. Returns null when the store has no such image; throws
    /// <see cref="ImageException"/> subtypes when it cannot tell (auth refused, unreachable, corrupt).
    /// </summary>
    Task<StoredImage?> TryReadImageAsync(ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a layer blob of an image this store returned, exactly as the layer's descriptor describes it
    /// (compressed or not). The stream verifies the digest as it is read and throws
    /// <see cref="BlobDigestMismatchException"/> at its end when the bytes do not match.
    /// </summary>
    Task<Stream> OpenLayerAsync(StoredImage image, ImageLayer layer, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an image made of existing and new layers under every tag of the request. Layers the destination
    /// already has are not copied again; a registry mounts blobs from another repository instead of uploading.
    /// </summary>
    Task<ImageWriteResult> WriteImageAsync(ImageWriteRequest request, CancellationToken cancellationToken);

    /// <summary>Gives the image that <paramref name="source"/> names the extra name <paramref name="target"/>.</summary>
    Task TagAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken);

    /// <summary>The tags of <paramref name="repository"/> that this store holds, sorted.</summary>
    Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken);
}
