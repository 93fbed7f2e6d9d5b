using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores;

/// <summary>
/// An image read from a store: its manifest and config, both parsed and as raw bytes (digests are over the raw
/// bytes, never over a re-serialisation).
/// </summary>
public sealed class StoredImage
{
    /// <summary>The reference the image was read by.</summary>
    public required ImageReference Reference { get; init; }

    /// <summary>The store the image was read from (layers are opened through it).</summary>
    public required IImageStore Store { get; init; }

    /// <summary>
    /// The manifest's descriptor: its digest is the image digest in a registry or layout. For a daemon image that
    /// has no stored manifest, the store synthesises one and says so with <see cref="HasSynthesizedManifest"/>.
    /// </summary>
    public required Descriptor ManifestDescriptor { get; init; }

    /// <summary>The manifest bytes.</summary>
    public required ReadOnlyMemory<byte> ManifestBytes { get; init; }

    /// <summary>The parsed manifest.</summary>
    public required ImageManifest Manifest { get; init; }

    /// <summary>The config bytes; their digest is <see cref="ImageId"/>.</summary>
    public required ReadOnlyMemory<byte> ConfigBytes { get; init; }

    /// <summary>The parsed config.</summary>
    public required ImageConfig Config { get; init; }

    /// <summary>When the reference named an index, the index's digest.</summary>
    public Digest? IndexDigest { get; init; }

    /// <summary>True when the store holds no manifest of its own (a classic Docker daemon image).</summary>
    public bool HasSynthesizedManifest { get; init; }

    /// <summary>The image ID: the digest of the config.</summary>
    public Digest ImageId => Manifest.Config.Digest;

    /// <summary>The manifest digest (the image digest).</summary>
    public Digest Digest => ManifestDescriptor.Digest;

    /// <summary>The layers, base first, each with its blob descriptor and its uncompressed diff ID.</summary>
    public IReadOnlyList<ImageLayer> Layers =>
        Manifest.Layers.Count == Config.RootFs.DiffIds.Count
            ? Manifest.Layers.Select((blob, i) => new ImageLayer(blob, Config.RootFs.DiffIds[i])).ToList()
            : throw new ImageFormatException(
                $"Image {Reference} is inconsistent: its manifest lists {Manifest.Layers.Count} layers but its config lists {Config.RootFs.DiffIds.Count} diff IDs.");

    /// <summary>
    /// An image of a store that keeps no manifest of its own (a classic daemon, a legacy docker-archive): an OCI
    /// manifest is made up over the exact config bytes and the given layer blobs, and marked as such.
    /// </summary>
    public static StoredImage WithSynthesizedManifest(
        ImageReference reference,
        IImageStore store,
        ReadOnlyMemory<byte> configBytes,
        Digest configDigest,
        ImageConfig config,
        IReadOnlyList<Descriptor> layers)
    {
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest, Size = configBytes.Length },
            Layers = layers,
        };
        var manifestBytes = Json.ImageJson.Serialize(manifest);
        return new StoredImage
        {
            Reference = reference,
            Store = store,
            ManifestDescriptor = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute(manifestBytes), Size = manifestBytes.Length },
            ManifestBytes = manifestBytes,
            Manifest = manifest,
            ConfigBytes = configBytes,
            Config = config,
            HasSynthesizedManifest = true,
        };
    }

    /// <summary>The labels of the image config (empty when none).</summary>
    public IReadOnlyDictionary<string, string> Labels => Config.Config.Labels ?? new Dictionary<string, string>();
}

/// <summary>A layer of an image: the blob as stored and the digest of its uncompressed tar.</summary>
/// <param name="Blob">The blob's descriptor (media type, digest, size).</param>
/// <param name="DiffId">The sha256 of the uncompressed tar.</param>
public sealed record ImageLayer(Descriptor Blob, Digest DiffId);
