using Buildpacks.Images;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Tools.StackImages;

/// <summary>Writes the stack's images to a registry and to OCI layouts, with the image engine's stores.</summary>
internal sealed class StackPublisher(IImageLog log, ImagePlatform platform)
{
    /// <summary>
    /// Writes the images to <paramref name="registry"/> as <c>registry/prefix/repository:tag</c>, the first (the build
    /// image) first. A tag that already points at the digest the image would get is left alone; the run images take
    /// their base layer from the build image there, so the registry mounts that blob across repositories instead of
    /// receiving it twice.
    /// </summary>
    public async Task<IReadOnlyList<PublishedImage>> ToRegistryAsync(string registry, string prefix, IReadOnlyList<StackImage> images, CancellationToken cancellationToken)
    {
        using var store = new RegistryStore(new RegistrySettings { Log = log });
        var published = new List<PublishedImage>();
        StoredImage? first = null;
        foreach (var image in images)
        {
            var reference = ImageReference.Parse($"{registry}/{prefix}/{image.Repository}:{image.Tag}");
            var layers = image.Layers.Select(l => l.ToLayerToWrite()).ToList();
            if (first is not null && first.Layers[0].DiffId == layers[0].DiffId)
            {
                layers[0] = LayerToWrite.From(first, first.Layers[0]);
            }

            var request = new ImageWriteRequest { Tags = [reference], Config = image.Config, Layers = layers };
            var expected = ImageComposer.Compose(request).ManifestDescriptor.Digest;
            var existing = await store.TryReadImageAsync(reference, platform, cancellationToken);
            var unchanged = existing?.Digest == expected;
            if (!unchanged)
            {
                var written = await store.WriteImageAsync(request, cancellationToken);
                log.Write(ImageLogLevel.Information, $"{reference}: {written.Statistics.BlobsCopied} blobs uploaded ({written.Statistics.BytesCopied / 1_000_000.0:F1} MB), {written.Statistics.BlobsMounted} mounted, {written.Statistics.BlobsSkipped} already there");
                existing = null;
            }

            first ??= existing ?? await store.TryReadImageAsync(reference, platform, cancellationToken)
                ?? throw new ImageException($"{reference} was written but cannot be read back.");
            published.Add(new PublishedImage(image, reference.ToString(), expected, unchanged));
        }

        return published;
    }

    /// <summary>
    /// Writes the images to OCI layouts under <paramref name="root"/>, one layout per repository (<c>root/build</c>,
    /// <c>root/run</c>), each image named by its tag: <c>skopeo inspect oci:root/run:bookworm-v2</c> finds it.
    /// </summary>
    public async Task<IReadOnlyList<PublishedImage>> ToLayoutsAsync(string root, string name, IReadOnlyList<StackImage> images, CancellationToken cancellationToken)
    {
        var published = new List<PublishedImage>();
        foreach (var image in images)
        {
            var directory = Path.Combine(Path.GetFullPath(root), image.Repository);
            var store = new OciLayoutImageStore(directory);
            var reference = ImageReference.Parse($"{name}/{image.Repository}:{image.Tag}");
            var request = new ImageWriteRequest
            {
                Tags = [reference],
                Config = image.Config,
                Layers = image.Layers.Select(l => l.ToLayerToWrite()).ToList(),
            };
            var written = await store.WriteImageAsync(request, cancellationToken);
            published.Add(new PublishedImage(image, $"oci:{directory}:{image.Tag}", written.ManifestDigest, Unchanged: false));
        }

        return published;
    }
}
