using Buildpacks.Images.Json;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores;

/// <summary>
/// Turns an <see cref="ImageWriteRequest"/> into the exact config and manifest bytes to store. Pure and
/// deterministic: the same request gives the same bytes in every store, so the digest does not depend on where
/// the image goes.
/// </summary>
public static class ImageComposer
{
    /// <summary>Makes the config and manifest documents of an image.</summary>
    public static ComposedImage Compose(ImageWriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Tags.Count == 0)
        {
            throw new ArgumentException("An image must be written under at least one name.", nameof(request));
        }

        if (!MediaTypes.IsManifest(request.ManifestMediaType))
        {
            throw new ArgumentException($"'{request.ManifestMediaType}' is not an image manifest media type.", nameof(request));
        }

        if (request.CopiedFrom is { } source && IsUnchangedCopy(request, source))
        {
            return ComposeCopy(request, source);
        }

        var config = request.Config with
        {
            RootFs = new RootFs { DiffIds = request.Layers.Select(l => l.DiffId).ToList() },
        };
        var configBytes = ImageJson.Serialize(config);
        var configDescriptor = new Descriptor
        {
            MediaType = MediaTypes.ConfigFor(request.ManifestMediaType),
            Digest = Digest.Compute(configBytes),
            Size = configBytes.Length,
        };

        var manifest = new ImageManifest
        {
            MediaType = request.ManifestMediaType,
            Config = configDescriptor,
            Layers = request.Layers.Select(l => l.Blob).ToList(),
            Annotations = request.ManifestAnnotations,
        };
        var manifestBytes = ImageJson.Serialize(manifest);
        var manifestDescriptor = new Descriptor
        {
            MediaType = request.ManifestMediaType,
            Digest = Digest.Compute(manifestBytes),
            Size = manifestBytes.Length,
        };

        return new ComposedImage(config, configBytes, configDescriptor, manifest, manifestBytes, manifestDescriptor);
    }

    // The request still describes the source image exactly: same config object, same layers in the same order.
    private static bool IsUnchangedCopy(ImageWriteRequest request, StoredImage source) =>
        ReferenceEquals(request.Config, source.Config)
        && request.Layers.Select(l => (l.Blob, l.DiffId)).SequenceEqual(source.Layers.Select(l => (l.Blob, l.DiffId)))
        && ReferenceEquals(request.ManifestAnnotations, source.Manifest.Annotations);

    // Keeps the source's config bytes (so the image ID), and its manifest bytes (so the digest) when it has a real
    // manifest of the requested type; a synthesised one (daemon, docker save) is composed afresh around the config.
    private static ComposedImage ComposeCopy(ImageWriteRequest request, StoredImage source)
    {
        var configBytes = source.ConfigBytes.ToArray();
        var configDescriptor = source.Manifest.Config with { MediaType = MediaTypes.ConfigFor(request.ManifestMediaType) };
        if (!source.HasSynthesizedManifest && source.ManifestDescriptor.MediaType == request.ManifestMediaType && source.Manifest.Config.MediaType == configDescriptor.MediaType)
        {
            return new ComposedImage(source.Config, configBytes, source.Manifest.Config, source.Manifest, source.ManifestBytes.ToArray(), source.ManifestDescriptor);
        }

        var manifest = new ImageManifest
        {
            MediaType = request.ManifestMediaType,
            Config = configDescriptor,
            Layers = request.Layers.Select(l => l.Blob).ToList(),
            Annotations = request.ManifestAnnotations,
        };
        var manifestBytes = ImageJson.Serialize(manifest);
        var manifestDescriptor = new Descriptor
        {
            MediaType = request.ManifestMediaType,
            Digest = Digest.Compute(manifestBytes),
            Size = manifestBytes.Length,
        };
        return new ComposedImage(source.Config, configBytes, configDescriptor, manifest, manifestBytes, manifestDescriptor);
    }
}

/// <summary>The documents of an image about to be written.</summary>
/// <param name="Config">The config, with its diff IDs filled in.</param>
/// <param name="ConfigBytes">The config JSON as stored.</param>
/// <param name="ConfigDescriptor">The config blob's descriptor.</param>
/// <param name="Manifest">The manifest.</param>
/// <param name="ManifestBytes">The manifest JSON as stored.</param>
/// <param name="ManifestDescriptor">The manifest's descriptor (its digest is the image digest).</param>
public sealed record ComposedImage(
    ImageConfig Config,
    byte[] ConfigBytes,
    Descriptor ConfigDescriptor,
    ImageManifest Manifest,
    byte[] ManifestBytes,
    Descriptor ManifestDescriptor)
{
    /// <summary>What a store reports once it has written this image under <paramref name="tags"/>.</summary>
    public ImageWriteResult ToResult(IReadOnlyList<References.ImageReference> tags, TransferStatistics statistics) => new()
    {
        Tags = tags,
        ManifestDigest = ManifestDescriptor.Digest,
        ImageId = ConfigDescriptor.Digest,
        ManifestSize = ManifestDescriptor.Size,
        Statistics = statistics,
    };
}
