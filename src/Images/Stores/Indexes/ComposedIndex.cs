using Buildpacks.Images.Json;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores.Indexes;

/// <summary>
/// The exact bytes of an index over images, the same in every store: an OCI image index whose entries are the images'
/// manifest descriptors with the platform of each image's config (os, architecture, variant), in the request's order.
/// </summary>
/// <param name="Index">The parsed index.</param>
/// <param name="Bytes">Its JSON.</param>
/// <param name="Descriptor">Its descriptor.</param>
public sealed record ComposedIndex(ImageIndex Index, byte[] Bytes, Descriptor Descriptor)
{
    /// <summary>Makes the index of <paramref name="request"/>'s images.</summary>
    public static ComposedIndex Compose(IndexWriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Tags.Count == 0)
        {
            throw new ArgumentException("An index must be written under at least one name.", nameof(request));
        }

        if (request.Images.Count == 0)
        {
            throw new ArgumentException("An index lists at least one image.", nameof(request));
        }

        var entries = new List<Descriptor>();
        foreach (var image in request.Images)
        {
            if (image.HasSynthesizedManifest)
            {
                throw new ArgumentException($"The image {image.Reference} has no manifest of its own (a daemon's image), so no index can list it.", nameof(request));
            }

            var platform = image.Config.Platform;
            if (entries.Any(e => e.Platform == platform))
            {
                throw new ArgumentException($"Two images of the index are for {platform}; an index lists one image per platform.", nameof(request));
            }

            entries.Add(new Descriptor
            {
                MediaType = image.ManifestDescriptor.MediaType,
                Digest = image.ManifestDescriptor.Digest,
                Size = image.ManifestDescriptor.Size,
                Platform = new ImagePlatform { Os = platform.Os, Architecture = platform.Architecture, Variant = platform.Variant, OsVersion = platform.OsVersion },
            });
        }

        var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries, Annotations = request.Annotations };
        var bytes = ImageJson.Serialize(index);
        return new ComposedIndex(index, bytes, new Descriptor { MediaType = MediaTypes.OciIndex, Digest = Digest.Compute(bytes), Size = bytes.Length });
    }

    /// <summary>The result of writing this index under <paramref name="tags"/>.</summary>
    public IndexWriteResult ToResult(IReadOnlyList<References.ImageReference> tags, TransferStatistics statistics) =>
        new() { Tags = tags, Index = Descriptor, Manifests = Index.Manifests, Statistics = statistics };
}
