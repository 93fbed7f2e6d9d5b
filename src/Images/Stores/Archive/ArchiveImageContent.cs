using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// An image as it goes into an archive: the exact config and manifest bytes (so digests survive), the layers with
/// where to read them, and the names to give it.
/// </summary>
/// <param name="ConfigBytes">The config JSON.</param>
/// <param name="ConfigDescriptor">The config's descriptor.</param>
/// <param name="ManifestBytes">The manifest JSON.</param>
/// <param name="ManifestDescriptor">The manifest's descriptor.</param>
/// <param name="Platform">The image's platform, recorded in the index entry.</param>
/// <param name="Layers">The layers, base first.</param>
/// <param name="Tags">The names.</param>
public sealed record ArchiveImageContent(
    ReadOnlyMemory<byte> ConfigBytes,
    Descriptor ConfigDescriptor,
    ReadOnlyMemory<byte> ManifestBytes,
    Descriptor ManifestDescriptor,
    ImagePlatform Platform,
    IReadOnlyList<LayerToWrite> Layers,
    IReadOnlyList<ImageReference> Tags)
{
    /// <summary>The content of a composed write request.</summary>
    public static ArchiveImageContent From(ComposedImage composed, ImageWriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(composed);
        ArgumentNullException.ThrowIfNull(request);
        return new(composed.ConfigBytes, composed.ConfigDescriptor, composed.ManifestBytes, composed.ManifestDescriptor, composed.Config.Platform, request.Layers, request.Tags);
    }

    /// <summary>An image read from a store, byte for byte, under <paramref name="tags"/>.</summary>
    public static ArchiveImageContent From(StoredImage image, IReadOnlyList<ImageReference> tags)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new(
            image.ConfigBytes,
            image.Manifest.Config,
            image.ManifestBytes,
            image.ManifestDescriptor,
            image.Config.Platform,
            image.Layers.Select(l => LayerToWrite.From(image, l)).ToList(),
            tags);
    }
}
