using System.Text.Json;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// Streams an image into a tar archive, entry by entry (layers are copied from their source as they are written,
/// never held in memory). Entries are sorted by name and carry fixed times and owners, so the same image always
/// gives the same archive bytes.
/// </summary>
public static class ImageArchiveWriter
{
    /// <summary>Writes <paramref name="image"/> to <paramref name="output"/> as <paramref name="options"/> say.</summary>
    public static async Task<TransferStatistics> WriteAsync(
        Stream output,
        ArchiveImageContent image,
        ImageArchiveWriteOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        var placeholders = options.PlaceholderLayers;
        if ((placeholders.Count > 0 || options.ForDockerLoadOnly) && options.Format != ImageArchiveFormat.DockerArchive)
        {
            throw new ArgumentException("Placeholder layers and load-only archives are docker-archives for docker load.", nameof(options));
        }

        // An archive with placeholders gets no OCI layout files: their blobs would not match their digests.
        var withOciLayout = placeholders.Count == 0 && !options.ForDockerLoadOnly;
        var entries = new SortedDictionary<string, Func<TarStreamWriter, Task>>(StringComparer.Ordinal)
        {
            ["blobs/"] = tar => tar.WriteDirectoryAsync("blobs/", cancellationToken),
            ["blobs/sha256/"] = tar => tar.WriteDirectoryAsync("blobs/sha256/", cancellationToken),
            [BlobPath(image.ConfigDescriptor.Digest)] = tar => tar.WriteFileAsync(BlobPath(image.ConfigDescriptor.Digest), image.ConfigBytes, cancellationToken),
        };

        var statistics = new TransferStatistics { BlobsCopied = 1, BytesCopied = image.ConfigBytes.Length };
        foreach (var layer in image.Layers.DistinctBy(l => l.Blob.Digest))
        {
            var path = BlobPath(layer.Blob.Digest);
            if (placeholders.Contains(layer.Blob.Digest))
            {
                entries[path] = tar => tar.WriteFileAsync(path, ReadOnlyMemory<byte>.Empty, cancellationToken);
                statistics = statistics with { BlobsSkipped = statistics.BlobsSkipped + 1 };
            }
            else
            {
                entries[path] = tar => CopyLayerAsync(tar, path, layer, cancellationToken);
                statistics = statistics with { BlobsCopied = statistics.BlobsCopied + 1, BytesCopied = statistics.BytesCopied + layer.Blob.Size };
            }
        }

        if (withOciLayout)
        {
            entries[BlobPath(image.ManifestDescriptor.Digest)] = tar => tar.WriteFileAsync(BlobPath(image.ManifestDescriptor.Digest), image.ManifestBytes, cancellationToken);
            entries["oci-layout"] = tar => tar.WriteFileAsync("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray(), cancellationToken);
            entries["index.json"] = tar => tar.WriteFileAsync("index.json", IndexJson(image), cancellationToken);
        }

        if (options.Format == ImageArchiveFormat.DockerArchive)
        {
            entries["manifest.json"] = tar => tar.WriteFileAsync("manifest.json", DockerManifestJson(image), cancellationToken);
        }

        await WriteEntriesAsync(output, entries, cancellationToken).ConfigureAwait(false);
        return statistics;
    }

    /// <summary>
    /// Writes an OCI archive (a tar of an OCI layout) holding the images of <paramref name="request"/> and their index,
    /// which <c>index.json</c> names under every tag: what the SDK writes for a multi-platform archive. There is no
    /// docker-archive form of an index (its <c>manifest.json</c> names one image per tag).
    /// </summary>
    public static async Task<TransferStatistics> WriteIndexAsync(Stream output, IndexWriteRequest request, ComposedIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(index);
        var entries = new SortedDictionary<string, Func<TarStreamWriter, Task>>(StringComparer.Ordinal)
        {
            ["blobs/"] = tar => tar.WriteDirectoryAsync("blobs/", cancellationToken),
            ["blobs/sha256/"] = tar => tar.WriteDirectoryAsync("blobs/sha256/", cancellationToken),
            ["oci-layout"] = tar => tar.WriteFileAsync("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray(), cancellationToken),
        };
        var statistics = new TransferStatistics();
        void Document(Descriptor descriptor, ReadOnlyMemory<byte> bytes)
        {
            var path = BlobPath(descriptor.Digest);
            if (entries.TryAdd(path, tar => tar.WriteFileAsync(path, bytes, cancellationToken)))
            {
                statistics = statistics with { BlobsCopied = statistics.BlobsCopied + 1, BytesCopied = statistics.BytesCopied + bytes.Length };
            }
        }

        foreach (var image in request.Images)
        {
            foreach (var layer in image.Layers.Select(l => LayerToWrite.From(image, l)))
            {
                var path = BlobPath(layer.Blob.Digest);
                if (entries.TryAdd(path, tar => CopyLayerAsync(tar, path, layer, cancellationToken)))
                {
                    statistics = statistics with { BlobsCopied = statistics.BlobsCopied + 1, BytesCopied = statistics.BytesCopied + layer.Blob.Size };
                }
            }

            Document(image.Manifest.Config, image.ConfigBytes);
            Document(image.ManifestDescriptor, image.ManifestBytes);
        }

        entries[BlobPath(index.Descriptor.Digest)] = tar => tar.WriteFileAsync(BlobPath(index.Descriptor.Digest), index.Bytes, cancellationToken);
        var top = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = request.Tags.Select(tag => OciLayoutNames.Name(index.Descriptor, tag)).ToList() };
        entries["index.json"] = tar => tar.WriteFileAsync("index.json", ImageJson.Serialize(top), cancellationToken);

        await WriteEntriesAsync(output, entries, cancellationToken).ConfigureAwait(false);
        return statistics;
    }

    /// <summary>The archive path of a blob, the same in both formats.</summary>
    public static string BlobPath(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    // Entries in name order (the dictionary is sorted), then the tar's end.
    private static async Task WriteEntriesAsync(Stream output, SortedDictionary<string, Func<TarStreamWriter, Task>> entries, CancellationToken cancellationToken)
    {
        var writer = new TarStreamWriter(output);
        foreach (var write in entries.Values)
        {
            await write(writer).ConfigureAwait(false);
        }

        await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyLayerAsync(TarStreamWriter tar, string path, LayerToWrite layer, CancellationToken cancellationToken)
    {
        var source = await layer.Content.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var verified = new DigestVerifyingStream(source, layer.Blob.Digest, layer.Blob.Size, $"the content of layer {layer.Blob.Digest}");
        await tar.WriteFileAsync(path, layer.Blob.Size, verified, cancellationToken).ConfigureAwait(false);
    }

    private static byte[] IndexJson(ArchiveImageContent image)
    {
        var target = image.ManifestDescriptor with { Platform = image.Platform };
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = image.Tags.Select(tag => OciLayoutNames.Name(target, tag)).ToList(),
        };
        return ImageJson.Serialize(index);
    }

    private static byte[] DockerManifestJson(ArchiveImageContent image)
    {
        var entry = new DockerArchiveManifestEntry
        {
            Config = BlobPath(image.ConfigDescriptor.Digest),
            // Fully qualified: docker load shows them in familiar form anyway, and Podman would otherwise guess a
            // registry (it names a short "repo:tag" of a multi-tag archive localhost/repo:tag).
            RepoTags = image.Tags.Where(t => t.Digest is null).Select(t => t.WithTag(OciLayoutNames.TagOf(t)).ToString()).ToList(),
            Layers = image.Layers.Select(l => BlobPath(l.Blob.Digest)).ToList(),
        };
        return JsonSerializer.SerializeToUtf8Bytes([entry], DockerArchiveJsonContext.Default.ListDockerArchiveManifestEntry);
    }
}
