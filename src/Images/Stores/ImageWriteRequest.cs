using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores;

/// <summary>
/// An image to write: config, layers (each with where its bytes come from) and the names to give it.
/// The manifest and config JSON are made from this by <see cref="ImageComposer"/>, the same bytes for every store.
/// </summary>
public sealed record ImageWriteRequest
{
    /// <summary>The names to write the image under; the first is the primary one. At least one.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>
    /// The config. Its <c>rootfs.diff_ids</c> are replaced by the layers' diff IDs, so callers need not keep them in step.
    /// </summary>
    public required ImageConfig Config { get; init; }

    /// <summary>The layers, base first.</summary>
    public required IReadOnlyList<LayerToWrite> Layers { get; init; }

    /// <summary>The manifest media type: <see cref="MediaTypes.OciManifest"/> (default) or <see cref="MediaTypes.DockerManifest"/>.</summary>
    public string ManifestMediaType { get; init; } = MediaTypes.OciManifest;

    /// <summary>Manifest annotations, if any.</summary>
    public IReadOnlyDictionary<string, string>? ManifestAnnotations { get; init; }

    /// <summary>
    /// The image this request copies unchanged, if any. Its exact config bytes (and manifest bytes, when it has a real
    /// manifest) are stored instead of re-serialised ones, as long as <see cref="Config"/>, <see cref="Layers"/>,
    /// <see cref="ManifestMediaType"/> and <see cref="ManifestAnnotations"/> are still the source's: another tool's JSON
    /// (nanosecond times, explicit nulls, its own field order) would not survive a re-serialisation, and the copy
    /// would get a new image ID and digest.
    /// </summary>
    public StoredImage? CopiedFrom { get; init; }

    /// <summary>
    /// A request that writes <paramref name="image"/> as it is under <paramref name="tags"/>: its manifest media type,
    /// config and layer blobs reused, its exact documents kept (<see cref="CopiedFrom"/>). A daemon image's synthesised
    /// manifest is OCI, which every destination takes.
    /// </summary>
    public static ImageWriteRequest CopyOf(StoredImage image, IReadOnlyList<ImageReference> tags)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new()
        {
            Tags = tags,
            Config = image.Config,
            Layers = image.Layers.Select(layer => LayerToWrite.From(image, layer)).ToList(),
            ManifestMediaType = image.Manifest.MediaType ?? image.ManifestDescriptor.MediaType,
            ManifestAnnotations = image.Manifest.Annotations,
            CopiedFrom = image,
        };
    }
}

/// <summary>A layer to write: its blob descriptor, its diff ID and where its bytes can be read.</summary>
/// <param name="Blob">The blob's descriptor; its media type says whether the bytes are gzip or plain tar.</param>
/// <param name="DiffId">The digest of the uncompressed tar.</param>
/// <param name="Content">Where the bytes come from.</param>
public sealed record LayerToWrite(Descriptor Blob, Digest DiffId, ILayerContent Content)
{
    /// <summary>A layer of an image read from a store, to be reused as it is.</summary>
    public static LayerToWrite From(StoredImage image, ImageLayer layer) =>
        new(layer.Blob, layer.DiffId, new StoredLayerContent(image, layer));
}

/// <summary>Where a layer's bytes come from.</summary>
public interface ILayerContent
{
    /// <summary>Opens the layer's bytes (exactly the blob the descriptor describes).</summary>
    Task<Stream> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The image the layer was read from, when it came from a store: lets a destination that is the same store
    /// skip it, or a registry mount it from that repository instead of uploading it.
    /// </summary>
    StoredImage? Origin { get; }
}

/// <summary>A layer that lives in a file on disk (a freshly written layer).</summary>
/// <param name="Path">The file holding the blob's bytes.</param>
public sealed record FileLayerContent(string Path) : ILayerContent
{
    /// <inheritdoc />
    public StoredImage? Origin => null;

    /// <inheritdoc />
    public Task<Stream> OpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan));
}

/// <summary>A layer of an image in a store, opened through that store when it must be copied.</summary>
/// <param name="Image">The image the layer belongs to.</param>
/// <param name="Layer">The layer.</param>
public sealed record StoredLayerContent(StoredImage Image, ImageLayer Layer) : ILayerContent
{
    /// <inheritdoc />
    public StoredImage? Origin => Image;

    /// <inheritdoc />
    public Task<Stream> OpenAsync(CancellationToken cancellationToken) => Image.Store.OpenLayerAsync(Image, Layer, cancellationToken);
}
