using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// An image tarball: a docker-archive (what <c>docker load</c> takes and <c>docker save</c> gives) or an OCI archive
/// (a tar of an OCI layout). Reads both forms, and <c>docker save</c> output of any Docker version, opening layers
/// straight from the tar without extracting it. Writes stream the image into a temporary file beside the destination
/// which replaces it only when complete; the same image always gives the same bytes.
/// </summary>
public sealed class ImageArchiveStore : IImageIndexStore
{
    private readonly SemaphoreSlim _indexLock = new(1, 1);
    private (DateTime Modified, long Length, TarIndex Index)? _cachedIndex;

    /// <summary>An archive at <paramref name="path"/>, written as <paramref name="format"/>.</summary>
    public ImageArchiveStore(string path, ImageArchiveFormat format = ImageArchiveFormat.DockerArchive)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Format = format;
    }

    /// <summary>The archive file.</summary>
    public string Path { get; }

    /// <summary>The form written.</summary>
    public ImageArchiveFormat Format { get; }

    /// <inheritdoc />
    public string Description => $"{(Format == ImageArchiveFormat.DockerArchive ? "docker-archive" : "oci-archive")} {Path}";

    /// <inheritdoc />
    public async Task<StoredImage?> TryReadImageAsync(ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        var tar = await TryIndexAsync(cancellationToken).ConfigureAwait(false);
        if (tar is null)
        {
            return null;
        }

        // The OCI layout inside, when there is one, keeps the real manifest (and its digest); docker save of Docker 25
        // and our docker-archives carry both, older docker save only manifest.json.
        if (await tar.TryReadAllAsync("index.json", cancellationToken).ConfigureAwait(false) is { } indexBytes)
        {
            var index = OciImageResolver.ParseTopIndex(indexBytes, Description);
            var image = await OciImageResolver.TryResolveAsync(new TarBlobSource(tar, Description), this, index, reference, platform, cancellationToken).ConfigureAwait(false);
            if (image is not null)
            {
                return image;
            }
        }

        var entries = await DockerArchiveReader.TryReadManifestAsync(tar, cancellationToken).ConfigureAwait(false);
        var entry = entries is null ? null : DockerArchiveReader.Find(entries, reference);
        return entry is null
            ? null
            : await DockerArchiveReader.ReadImageAsync(tar, entry, this, reference, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Stream> OpenLayerAsync(StoredImage image, ImageLayer layer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layer);
        var tar = await TryIndexAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ImageArchiveException($"The image archive {Path} no longer exists.");
        return image.HasSynthesizedManifest
            ? await DockerArchiveReader.OpenLayerAsync(tar, image, layer, cancellationToken).ConfigureAwait(false)
            : await OciBlobReader.OpenVerifiedAsync(new TarBlobSource(tar, Description), layer.Blob, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ImageWriteResult> WriteImageAsync(ImageWriteRequest request, CancellationToken cancellationToken)
    {
        var composed = ImageComposer.Compose(request);
        var statistics = await WriteAsync(ArchiveImageContent.From(composed, request), cancellationToken).ConfigureAwait(false);
        return composed.ToResult(request.Tags, statistics);
    }

    /// <inheritdoc />
    public async Task<StoredIndex?> TryReadIndexAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var tar = await TryIndexAsync(cancellationToken).ConfigureAwait(false);
        return tar is not null && await tar.TryReadAllAsync("index.json", cancellationToken).ConfigureAwait(false) is { } indexBytes
            ? await OciIndexReader.TryReadAsync(new TarBlobSource(tar, Description), this, OciImageResolver.ParseTopIndex(indexBytes, Description), reference, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// Writes the index and its images as an OCI archive, whatever <see cref="Format"/> says (a docker-archive cannot
    /// hold an index), replacing the archive: an archive holds the one (multi-platform) image written last.
    /// </summary>
    public async Task<IndexWriteResult> WriteIndexAsync(IndexWriteRequest request, CancellationToken cancellationToken)
    {
        var composed = ComposedIndex.Compose(request);
        await using var file = AtomicFile.Create(Path);
        var statistics = await ImageArchiveWriter.WriteIndexAsync(file.Stream, request, composed, cancellationToken).ConfigureAwait(false);
        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
        return composed.ToResult(request.Tags, statistics);
    }

    /// <summary>
    /// Rewrites the archive with the extra name. An archive holds the image we wrote (one image under its names), so
    /// the image is copied byte for byte into a new archive that replaces the old one.
    /// </summary>
    public async Task TagAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        // Our archives hold a single manifest, which is taken whatever the platform asked for.
        var image = await TryReadImageAsync(source, ImagePlatform.LinuxAmd64, cancellationToken).ConfigureAwait(false)
            ?? throw new ImageArchiveException($"{Description} holds no image named {source}, so it cannot be tagged {target}.");
        if (image.HasSynthesizedManifest)
        {
            throw new ImageArchiveException($"{Description} was written by another tool (it has no OCI manifest); tag the image where it came from, or load it and save it again.");
        }

        var repository = source.WithTag(OciLayoutNames.TagOf(source));
        var tags = (await ListTagsAsync(repository, cancellationToken).ConfigureAwait(false))
            .Select(repository.WithTag)
            .Append(target)
            .DistinctBy(t => t.ToString())
            .ToList();

        await WriteAsync(ArchiveImageContent.From(image, tags), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var tar = await TryIndexAsync(cancellationToken).ConfigureAwait(false);
        if (tar is null)
        {
            return [];
        }

        var tags = new SortedSet<string>(StringComparer.Ordinal);
        if (await tar.TryReadAllAsync("index.json", cancellationToken).ConfigureAwait(false) is { } indexBytes)
        {
            tags.UnionWith(OciLayoutNames.TagsOf(OciImageResolver.ParseTopIndex(indexBytes, Description), repository));
        }

        if (await DockerArchiveReader.TryReadManifestAsync(tar, cancellationToken).ConfigureAwait(false) is { } entries)
        {
            tags.UnionWith(DockerArchiveReader.TagsOf(entries, repository));
        }

        return tags.ToList();
    }

    private async Task<TransferStatistics> WriteAsync(ArchiveImageContent content, CancellationToken cancellationToken)
    {
        await using var file = AtomicFile.Create(Path);
        var statistics = await ImageArchiveWriter.WriteAsync(file.Stream, content, new ImageArchiveWriteOptions { Format = Format }, cancellationToken).ConfigureAwait(false);
        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
        return statistics;
    }

    // The header scan is cached while the file is unchanged: opening each layer must not rescan the archive.
    private async Task<TarIndex?> TryIndexAsync(CancellationToken cancellationToken)
    {
        var info = new FileInfo(Path);
        if (!info.Exists)
        {
            return null;
        }

        await _indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cachedIndex is { } cached && cached.Modified == info.LastWriteTimeUtc && cached.Length == info.Length)
            {
                return cached.Index;
            }

            var index = await TarIndex.ReadAsync(Path, cancellationToken).ConfigureAwait(false);
            _cachedIndex = (info.LastWriteTimeUtc, info.Length, index);
            return index;
        }
        finally
        {
            _indexLock.Release();
        }
    }
}
