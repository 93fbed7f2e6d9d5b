using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Indexes;

namespace Buildpacks.Images.Stores.Layout;

/// <summary>
/// An OCI image layout directory (image-spec image-layout.md): <c>oci-layout</c>, <c>index.json</c> and
/// <c>blobs/sha256/&lt;hex&gt;</c>. Images are named in <c>index.json</c> as <see cref="OciLayoutNames"/> describes, so
/// <c>skopeo … oci:dir:tag</c> and <c>umoci … --image dir:tag</c> find what we write. Blobs are written atomically
/// and only when missing; <c>index.json</c> updates are atomic and serialised by a lock file, so concurrent writers
/// (threads or processes) neither corrupt the layout nor lose each other's tags.
/// </summary>
public sealed class OciLayoutImageStore : IImageIndexStore, IOciBlobSource
{
    private const string LayoutFileContent = "{\"imageLayoutVersion\":\"1.0.0\"}";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Opens (without creating) the layout at <paramref name="root"/>; writing creates it.</summary>
    public OciLayoutImageStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The layout directory.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string Description => $"OCI layout {Root}";

    private string IndexPath => Path.Combine(Root, "index.json");

    /// <summary>The path of a blob in this layout.</summary>
    public string BlobPath(Digest digest) => Path.Combine(Root, "blobs", digest.Algorithm, digest.Hex);

    /// <inheritdoc />
    public async Task<StoredImage?> TryReadImageAsync(ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        var index = await TryReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return index is null
            ? null
            : await OciImageResolver.TryResolveAsync(this, this, index, reference, platform, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<Stream> OpenLayerAsync(StoredImage image, ImageLayer layer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return OciBlobReader.OpenVerifiedAsync(this, layer.Blob, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ImageWriteResult> WriteImageAsync(ImageWriteRequest request, CancellationToken cancellationToken)
    {
        var composed = ImageComposer.Compose(request);
        EnsureLayout();

        var statistics = new TransferStatistics();
        foreach (var layer in request.Layers.DistinctBy(l => l.Blob.Digest))
        {
            statistics = await WriteLayerAsync(layer, statistics, cancellationToken).ConfigureAwait(false);
        }

        statistics = await WriteDocumentAsync(composed.ConfigDescriptor, composed.ConfigBytes, statistics, cancellationToken).ConfigureAwait(false);
        statistics = await WriteDocumentAsync(composed.ManifestDescriptor, composed.ManifestBytes, statistics, cancellationToken).ConfigureAwait(false);

        // Index entries are written last: until then no name points at the new blobs, so a failed write leaves the
        // layout's images as they were (at worst with unreferenced blobs, which the spec allows).
        var target = composed.ManifestDescriptor with { Platform = composed.Config.Platform };
        await UpdateIndexAsync(_ => request.Tags.Select(tag => OciLayoutNames.Name(target, tag)).ToList(), cancellationToken).ConfigureAwait(false);

        return composed.ToResult(request.Tags, statistics);
    }

    /// <inheritdoc />
    public async Task<StoredIndex?> TryReadIndexAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var top = await TryReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return top is null ? null : await OciIndexReader.TryReadAsync(this, this, top, reference, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IndexWriteResult> WriteIndexAsync(IndexWriteRequest request, CancellationToken cancellationToken)
    {
        var composed = ComposedIndex.Compose(request);
        EnsureLayout();

        // The images' blobs first (nothing moves for an image this layout already holds: every blob is skipped), then
        // the index blob, and the names last, as for an image.
        var statistics = new TransferStatistics();
        foreach (var image in request.Images)
        {
            foreach (var layer in image.Layers.DistinctBy(l => l.Blob.Digest))
            {
                statistics = await WriteLayerAsync(LayerToWrite.From(image, layer), statistics, cancellationToken).ConfigureAwait(false);
            }

            statistics = await WriteDocumentAsync(image.Manifest.Config, image.ConfigBytes.ToArray(), statistics, cancellationToken).ConfigureAwait(false);
            statistics = await WriteDocumentAsync(image.ManifestDescriptor, image.ManifestBytes.ToArray(), statistics, cancellationToken).ConfigureAwait(false);
        }

        await WriteDocumentAsync(composed.Descriptor, composed.Bytes, new TransferStatistics(), cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(_ => request.Tags.Select(tag => OciLayoutNames.Name(composed.Descriptor, tag)).ToList(), cancellationToken).ConfigureAwait(false);
        return composed.ToResult(request.Tags, statistics);
    }

    /// <inheritdoc />
    public async Task TagAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        await UpdateIndexAsync(
            index =>
            {
                var entries = index is null ? [] : OciLayoutNames.FindEntries(index, source);
                if (entries.Count == 0)
                {
                    throw new OciLayoutException($"{Description} holds no image named {source}, so it cannot be tagged {target}.");
                }

                return entries.Select(e => OciLayoutNames.Name(e, target)).ToList();
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var index = await TryReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return index is null ? [] : OciLayoutNames.TagsOf(index, repository);
    }

    /// <inheritdoc />
    Task<Stream?> IOciBlobSource.TryOpenBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        var path = BlobPath(digest);
        return Task.FromResult<Stream?>(
            File.Exists(path)
                ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)
                : null);
    }

    private async Task<ImageIndex?> TryReadIndexAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(IndexPath))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(IndexPath, cancellationToken).ConfigureAwait(false);
        return OciImageResolver.ParseTopIndex(bytes, Description);
    }

    private void EnsureLayout()
    {
        Directory.CreateDirectory(Path.Combine(Root, "blobs", "sha256"));
        var layoutFile = Path.Combine(Root, "oci-layout");
        if (!File.Exists(layoutFile))
        {
            // Written beside and renamed so that a concurrent reader never sees an empty oci-layout file.
            var temporary = Path.Combine(Root, $".oci-layout.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(temporary, LayoutFileContent);
            File.Move(temporary, layoutFile, overwrite: true);
        }
    }

    private bool HasBlob(Descriptor descriptor)
    {
        // A blob of the wrong size is a leftover of some crash or tampering: writing it again repairs it.
        var info = new FileInfo(BlobPath(descriptor.Digest));
        return info.Exists && info.Length == descriptor.Size;
    }

    private async Task<TransferStatistics> WriteLayerAsync(LayerToWrite layer, TransferStatistics statistics, CancellationToken cancellationToken)
    {
        if (HasBlob(layer.Blob))
        {
            return statistics with { BlobsSkipped = statistics.BlobsSkipped + 1 };
        }

        await using var file = AtomicFile.Create(BlobPath(layer.Blob.Digest));
        await using (var content = new DigestVerifyingStream(
            await layer.Content.OpenAsync(cancellationToken).ConfigureAwait(false),
            layer.Blob.Digest,
            layer.Blob.Size,
            $"the content of layer {layer.Blob.Digest}"))
        {
            await content.CopyToAsync(file.Stream, cancellationToken).ConfigureAwait(false);
        }

        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
        return statistics with { BlobsCopied = statistics.BlobsCopied + 1, BytesCopied = statistics.BytesCopied + layer.Blob.Size };
    }

    private async Task<TransferStatistics> WriteDocumentAsync(Descriptor descriptor, byte[] bytes, TransferStatistics statistics, CancellationToken cancellationToken)
    {
        if (HasBlob(descriptor))
        {
            return statistics with { BlobsSkipped = statistics.BlobsSkipped + 1 };
        }

        await AtomicFile.WriteAllBytesAsync(BlobPath(descriptor.Digest), bytes, cancellationToken).ConfigureAwait(false);
        return statistics with { BlobsCopied = statistics.BlobsCopied + 1, BytesCopied = statistics.BytesCopied + bytes.Length };
    }

    private async Task UpdateIndexAsync(Func<ImageIndex?, IReadOnlyList<Descriptor>> entriesToAdd, CancellationToken cancellationToken)
    {
        EnsureLayout();
        using var heldLock = await LayoutLock.AcquireAsync(Path.Combine(Root, ".index.json.lock"), LockTimeout, cancellationToken).ConfigureAwait(false);
        var current = await TryReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var added = entriesToAdd(current);
        var updated = OciLayoutNames.WithEntries(current ?? new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = [] }, added);
        await AtomicFile.WriteAllBytesAsync(IndexPath, ImageJson.Serialize(updated), cancellationToken).ConfigureAwait(false);
    }
}
