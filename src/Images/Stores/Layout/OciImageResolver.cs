using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores.Layout;

/// <summary>
/// Resolves a reference to an image inside an OCI image layout: the named <c>index.json</c> entry, then down
/// through nested indexes by platform, to a manifest and its config, every document digest-verified.
/// </summary>
internal static class OciImageResolver
{
    // A nested index pointing (directly or not) at itself would loop forever.
    private const int MaxIndexDepth = 8;

    /// <summary>Reads <c>index.json</c> bytes; a layout's top-level index is not content-addressed, so it is not verified.</summary>
    public static ImageIndex ParseTopIndex(ReadOnlySpan<byte> json, string description) =>
        ImageJson.ParseIndex(json, $"index.json of {description}");

    /// <summary>The image <paramref name="reference"/> names for <paramref name="platform"/>, or null when no entry names it.</summary>
    public static async Task<StoredImage?> TryResolveAsync(
        IOciBlobSource source,
        IImageStore store,
        ImageIndex topIndex,
        ImageReference reference,
        ImagePlatform platform,
        CancellationToken cancellationToken)
    {
        var entries = OciLayoutNames.FindEntries(topIndex, reference);
        if (entries.Count == 0)
        {
            return null;
        }

        // Several entries under one name (one per platform, as some tools write): choose among them like an index.
        var chosen = entries.Count == 1
            ? entries[0]
            : new ImageIndex { Manifests = entries }.SelectManifest(platform) ?? entries[0];
        Digest? indexDigest = null;
        for (var depth = 0; IsIndex(chosen); depth++)
        {
            if (depth == MaxIndexDepth)
            {
                throw new ImageFormatException($"The image {reference} in {source.Description} nests indexes more than {MaxIndexDepth} deep.");
            }

            var indexBytes = await OciBlobReader.ReadDocumentAsync(source, chosen, cancellationToken).ConfigureAwait(false);
            var index = ImageJson.ParseIndex(indexBytes, $"{source.Description} blob {chosen.Digest}");
            indexDigest ??= chosen.Digest;
            // An index entry without a platform that is itself an index (an index of indexes) is descended into.
            chosen = index.SelectManifest(platform)
                ?? index.Manifests.FirstOrDefault(m => IsIndex(m) && m.Platform is null)
                ?? throw new OciLayoutException(
                    $"The image {reference} in {source.Description} has no manifest for platform {platform}; it has: "
                    + string.Join(", ", index.Manifests.Select(m => m.Platform?.ToString() ?? "(no platform)")) + ".");
        }

        var manifestBytes = await OciBlobReader.ReadDocumentAsync(source, chosen, cancellationToken).ConfigureAwait(false);
        var manifestSource = $"{source.Description} blob {chosen.Digest}";
        var mediaType = MediaTypes.IsManifest(chosen.MediaType)
            ? chosen.MediaType
            : ImageJson.DetectMediaType(manifestBytes, null, manifestSource);
        if (!MediaTypes.IsManifest(mediaType))
        {
            throw new ImageFormatException($"The entry {chosen.Digest} for {reference} in {source.Description} is a {mediaType}, not an image manifest.");
        }

        var manifest = ImageJson.ParseManifest(manifestBytes, manifestSource);
        var configBytes = await OciBlobReader.ReadDocumentAsync(source, manifest.Config, cancellationToken).ConfigureAwait(false);
        var config = ImageJson.ParseConfig(configBytes, $"{source.Description} blob {manifest.Config.Digest}");
        return new StoredImage
        {
            Reference = reference,
            Store = store,
            ManifestDescriptor = new Descriptor { MediaType = mediaType, Digest = chosen.Digest, Size = chosen.Size },
            ManifestBytes = manifestBytes,
            Manifest = manifest,
            ConfigBytes = configBytes,
            Config = config,
            IndexDigest = indexDigest,
        };
    }

    private static bool IsIndex(Descriptor descriptor) => MediaTypes.IsIndex(descriptor.MediaType);
}
