using System.Text.Json;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// Reads images of a docker-archive that has no OCI layout inside (what <c>docker save</c> of Docker before 25
/// writes: <c>manifest.json</c>, <c>&lt;config hex&gt;.json</c>, <c>&lt;id&gt;/layer.tar</c>). Such an archive holds no
/// manifest, so one is synthesised from the config and the layer files.
/// </summary>
internal static class DockerArchiveReader
{
    public static async Task<IReadOnlyList<DockerArchiveManifestEntry>?> TryReadManifestAsync(TarIndex tar, CancellationToken cancellationToken)
    {
        var bytes = await tar.TryReadAllAsync("manifest.json", cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, DockerArchiveJsonContext.Default.ListDockerArchiveManifestEntry)
                ?? throw new ImageFormatException($"manifest.json of {tar.ArchivePath} is empty (JSON null).");
        }
        catch (JsonException ex)
        {
            throw new ImageFormatException($"manifest.json of {tar.ArchivePath} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>The entry naming <paramref name="reference"/>, with the same fallbacks as <see cref="OciLayoutNames.FindEntries"/>.</summary>
    public static DockerArchiveManifestEntry? Find(IReadOnlyList<DockerArchiveManifestEntry> entries, ImageReference reference)
    {
        if (reference.Digest is { } digest)
        {
            return entries.FirstOrDefault(e => DigestNamedBy(e.Config) == digest);
        }

        var wanted = reference.WithTag(OciLayoutNames.TagOf(reference)).ToString();
        var named = entries.FirstOrDefault(e => (e.RepoTags ?? []).Any(t => ImageReference.TryParse(t, out var parsed) && parsed!.ToString() == wanted));
        if (named is not null)
        {
            return named;
        }

        return entries.Count == 1 && (reference.Tag is null || (entries[0].RepoTags ?? []).Count == 0) ? entries[0] : null;
    }

    public static IReadOnlyList<string> TagsOf(IReadOnlyList<DockerArchiveManifestEntry> entries, ImageReference repository) =>
        entries.SelectMany(e => e.RepoTags ?? [])
            .Select(t => ImageReference.TryParse(t, out var parsed) ? parsed : null)
            .Where(r => r is not null && r.Name == repository.Name && r.Tag is not null)
            .Select(r => r!.Tag!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static async Task<StoredImage> ReadImageAsync(
        TarIndex tar,
        DockerArchiveManifestEntry entry,
        IImageStore store,
        ImageReference reference,
        CancellationToken cancellationToken)
    {
        var configBytes = await tar.TryReadAllAsync(entry.Config, cancellationToken).ConfigureAwait(false)
            ?? throw new ImageFormatException($"{tar.ArchivePath} lacks {entry.Config}, the config its manifest.json names.");
        var configDigest = Digest.Compute(configBytes);
        if (DigestNamedBy(entry.Config) is { } named && named != configDigest)
        {
            throw new BlobDigestMismatchException(tar.ArchivePath, named, configDigest);
        }

        var config = ImageJson.ParseConfig(configBytes, $"{tar.ArchivePath} {entry.Config}");
        if (config.RootFs.DiffIds.Count != entry.Layers.Count)
        {
            throw new ImageFormatException($"In {tar.ArchivePath}, the config {entry.Config} lists {config.RootFs.DiffIds.Count} layers but manifest.json lists {entry.Layers.Count}.");
        }

        var layers = new List<Descriptor>();
        for (var i = 0; i < entry.Layers.Count; i++)
        {
            layers.Add(await DescribeLayerAsync(tar, entry.Layers[i], config.RootFs.DiffIds[i], cancellationToken).ConfigureAwait(false));
        }

        return StoredImage.WithSynthesizedManifest(reference, store, configBytes, configDigest, config, layers);
    }

    /// <summary>Opens the file of <paramref name="layer"/> of an image this reader synthesised.</summary>
    public static async Task<Stream> OpenLayerAsync(TarIndex tar, StoredImage image, ImageLayer layer, CancellationToken cancellationToken)
    {
        var entries = await TryReadManifestAsync(tar, cancellationToken).ConfigureAwait(false) ?? [];
        var position = image.Layers.ToList().IndexOf(layer);
        DockerArchiveManifestEntry? entry = null;
        foreach (var candidate in entries)
        {
            // Configs are named by their digest in every archive we know; hash the file when one is not.
            var digest = DigestNamedBy(candidate.Config)
                ?? (await tar.TryReadAllAsync(candidate.Config, cancellationToken).ConfigureAwait(false) is { } bytes ? Digest.Compute(bytes) : null);
            if (digest == image.ImageId)
            {
                entry = candidate;
                break;
            }
        }

        if (entry is null || position < 0)
        {
            throw new ImageArchiveException($"{tar.ArchivePath} no longer holds the image {image.Reference} with layer {layer.DiffId}; was the archive replaced?");
        }

        var stream = tar.TryOpen(entry.Layers[position])
            ?? throw new ImageFormatException($"{tar.ArchivePath} lacks {entry.Layers[position]}, a layer its manifest.json names.");
        return new DigestVerifyingStream(stream, layer.Blob.Digest, layer.Blob.Size, $"{tar.ArchivePath} {entry.Layers[position]}");
    }

    // The digest a path names: "<hex>.json" (docker save) or "blobs/sha256/<hex>" (Docker 25, ours).
    private static Digest? DigestNamedBy(string path)
    {
        var name = Path.GetFileName(path);
        var hex = name.EndsWith(".json", StringComparison.Ordinal) ? name[..^5] : name;
        var algorithm = path.StartsWith("blobs/", StringComparison.Ordinal) ? path.Split('/')[1] : "sha256";
        return Digest.TryParse($"{algorithm}:{hex}", out var digest) ? digest : null;
    }

    private static async Task<Descriptor> DescribeLayerAsync(TarIndex tar, string path, Digest diffId, CancellationToken cancellationToken)
    {
        var size = tar.LengthOf(path) ?? throw new ImageFormatException($"{tar.ArchivePath} lacks {path}, a layer its manifest.json names.");
        await using var stream = tar.TryOpen(path)!;
        var magic = new byte[2];
        var gzip = await stream.ReadAsync(magic, cancellationToken).ConfigureAwait(false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        if (!gzip)
        {
            // A plain tar's digest is its diff ID; reading it verifies that.
            return new Descriptor { MediaType = MediaTypes.OciLayer, Digest = diffId, Size = size };
        }

        // docker load takes gzip layer files too; their digest is named by the path or must be computed.
        if (DigestNamedBy(path) is { } named && path.StartsWith("blobs/", StringComparison.Ordinal))
        {
            return new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = named, Size = size };
        }

        await using var whole = tar.TryOpen(path)!;
        var digest = await Digest.ComputeAsync(whole, cancellationToken).ConfigureAwait(false);
        return new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = size };
    }
}
