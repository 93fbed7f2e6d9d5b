using System.IO.Compression;
using Buildpacks.Images;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// A cache image (<c>-cache-image</c> / <c>CNB_CACHE_IMAGE</c>) in the reference lifecycle's format (lifecycle
/// <c>cache/image_cache.go</c>): an image whose layers are the cached layer tars and whose label
/// <c>io.buildpacks.lifecycle.cache.metadata</c> holds the <see cref="CacheMetadata"/> JSON. The new cache image starts
/// from nothing (no base image, os linux, this machine's architecture); layers reused from the previous cache image are
/// referenced, not copied, and a cache with no layers gets an empty 1024-byte layer. Any image store works (the reference
/// lifecycle refuses a daemon; the platform should too).
/// </summary>
public sealed class ImageCache : ILayerCache
{
    private readonly IImageStore _store;
    private readonly StoredImage? _previous;
    private readonly object _lock = new();
    private readonly List<LayerToWrite> _layers = [];
    private readonly List<string> _temporaryFiles = [];
    private CacheMetadata _metadata = CacheMetadata.Empty;
    private bool _committed;

    private ImageCache(IImageStore store, ImageReference reference, StoredImage? previous)
    {
        _store = store;
        Reference = reference;
        _previous = previous;
    }

    /// <summary>The cache image's name.</summary>
    public ImageReference Reference { get; }

    /// <inheritdoc />
    public string Name => Reference.ToString();

    /// <inheritdoc />
    public bool Exists => _previous is not null;

    /// <summary>
    /// Opens the cache image <paramref name="reference"/> in <paramref name="store"/>. A missing image is an empty cache;
    /// so is one that cannot be read (corrupt, inconsistent): the reference lifecycle ignores a corrupt cache image.
    /// </summary>
    /// <param name="store">Where the cache image lives.</param>
    /// <param name="reference">The cache image.</param>
    /// <param name="onIgnored">Told why an existing cache image was ignored (for a log line); may be null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<ImageCache> OpenAsync(
        IImageStore store,
        ImageReference reference,
        Action<string>? onIgnored,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reference);
        StoredImage? previous = null;
        try
        {
            previous = await store.TryReadImageAsync(reference, CachePlatform, cancellationToken).ConfigureAwait(false);
            _ = previous?.Layers; // an inconsistent manifest/config pair is a corrupt cache
        }
        catch (ImageException e)
        {
            onIgnored?.Invoke($"Ignoring cache image '{reference}': {e.Message}");
            previous = null;
        }

        return new ImageCache(store, reference, previous);
    }

    /// <summary>The platform of cache images: linux on this machine's architecture.</summary>
    public static Images.Model.ImagePlatform CachePlatform => Images.Model.ImagePlatform.Current;

    /// <inheritdoc />
    public Task<CacheMetadata> RetrieveMetadataAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_previous?.Labels.GetValueOrDefault(CacheMetadata.Label) is { } label ? CacheMetadataJson.Parse(label) : CacheMetadata.Empty);

    /// <inheritdoc />
    public async Task<Stream> RetrieveLayerAsync(Digest diffId, CancellationToken cancellationToken)
    {
        var layer = FindPreviousLayer(diffId) ?? throw new CacheReadException($"failed to find cache layer with SHA '{diffId}'");
        Stream blob;
        try
        {
            blob = await _store.OpenLayerAsync(_previous!, layer, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageException e)
        {
            throw new CacheReadException($"failed to get cache layer with SHA '{diffId}': {e.Message}", e);
        }

        // The store verifies the blob digest as the stream is read; callers expect the plain tar.
        return MediaTypes.IsGzipLayer(layer.Blob.MediaType) ? new GZipStream(blob, CompressionMode.Decompress) : blob;
    }

    /// <inheritdoc />
    public Task<bool> HasLayerAsync(Digest diffId, CancellationToken cancellationToken) => Task.FromResult(FindPreviousLayer(diffId) is not null);

    /// <inheritdoc />
    /// <remarks>
    /// Like the reference lifecycle, only checks that the layer is there: stores verify blob digests while reading, so a
    /// damaged blob fails <see cref="RetrieveLayerAsync"/>'s stream instead.
    /// </remarks>
    public Task VerifyLayerAsync(Digest diffId, CancellationToken cancellationToken) =>
        FindPreviousLayer(diffId) is null
            ? throw new CacheReadException($"failed to find cache layer with SHA '{diffId}'")
            : Task.CompletedTask;

    /// <inheritdoc />
    public Task SetMetadataAsync(CacheMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        lock (_lock)
        {
            RequireNotCommitted();
            _metadata = metadata;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task AddLayerFileAsync(string layerFile, Digest diffId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(layerFile);
        lock (_lock)
        {
            RequireNotCommitted();
        }

        // A private copy: the caller may delete or rewrite its file before the commit uploads it.
        var copy = Path.Combine(Path.GetTempPath(), $"cnb-cache-layer-{Guid.NewGuid():N}");
        LayerToWrite layer;
        try
        {
            File.Copy(layerFile, copy);
            var gzip = CacheLayerFile.IsGzip(copy);
            var descriptor = new Descriptor
            {
                MediaType = gzip ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer,

                // A plain tar's blob digest is its diff ID; a gzip blob has its own digest.
                Digest = gzip ? await CacheLayerFile.DigestAsync(copy, cancellationToken).ConfigureAwait(false) : diffId,
                Size = new FileInfo(copy).Length,
            };
            layer = new LayerToWrite(descriptor, diffId, new FileLayerContent(copy));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(copy);
            throw new CacheException($"caching layer ({diffId}) from '{layerFile}': {e.Message}", e);
        }

        lock (_lock)
        {
            _temporaryFiles.Add(copy);
            Add(layer);
        }
    }

    /// <inheritdoc />
    public Task ReuseLayerAsync(Digest diffId, CancellationToken cancellationToken)
    {
        var layer = FindPreviousLayer(diffId) ?? throw new CacheReadException($"failed to find cache layer with SHA '{diffId}'");
        lock (_lock)
        {
            RequireNotCommitted();
            Add(LayerToWrite.From(_previous!, layer));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ImageWriteRequest request;
        lock (_lock)
        {
            RequireNotCommitted();
            _committed = true;
            request = new ImageWriteRequest
            {
                Tags = [Reference],
                Config = new ImageConfig
                {
                    Os = CachePlatform.Os,
                    Architecture = CachePlatform.Architecture,
                    Created = LayerWriteOptions.DefaultModificationTime,
                    Config = new ContainerConfig
                    {
                        Labels = new Dictionary<string, string> { [CacheMetadata.Label] = CacheMetadataJson.Serialize(_metadata) },
                    },
                },
                Layers = _layers.Count > 0 ? _layers.ToList() : [EmptyCacheLayer.Layer],
            };
        }

        try
        {
            await _store.WriteImageAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageException e)
        {
            throw new CacheException($"saving cache image '{Reference}': {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new CacheException($"saving cache image '{Reference}': {e.Message}", e);
        }
        finally
        {
            DeleteTemporaryFiles();
        }
    }

    /// <inheritdoc />
    public void Dispose() => DeleteTemporaryFiles();

    // The private copies of added layers live only until the commit uploads them, or until the cache is dropped.
    private void DeleteTemporaryFiles()
    {
        string[] files;
        lock (_lock)
        {
            files = [.. _temporaryFiles];
            _temporaryFiles.Clear();
        }

        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    private ImageLayer? FindPreviousLayer(Digest diffId) => _previous?.Layers.FirstOrDefault(l => l.DiffId == diffId);

    private void Add(LayerToWrite layer)
    {
        // One layer per diff ID, in the order the exporter gave them.
        if (!_layers.Any(l => l.DiffId == layer.DiffId))
        {
            _layers.Add(layer);
        }
    }

    private void RequireNotCommitted()
    {
        if (_committed)
        {
            throw new CacheException($"cache image '{Reference}' was already committed");
        }
    }
}
