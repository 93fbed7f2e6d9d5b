using Buildpacks.Images.Engine;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Archive;

namespace Buildpacks.Images.Stores.Daemon;

/// <summary>
/// The images of a Docker daemon (or Podman's Docker-compatible service) through the Engine API.
/// <list type="bullet">
/// <item>Reading: <c>image inspect</c> says whether the image exists and its layers' diff IDs; the exact config bytes
/// and the layers come from one streamed <c>docker save</c>, kept in a cache (see <see cref="DaemonImageStoreOptions.CacheDirectory"/>).
/// A daemon keeps no manifest, so an uncompressed OCI manifest is synthesised (<see cref="StoredImage.HasSynthesizedManifest"/>):
/// each layer's digest is its diff ID.</item>
/// <item>Writing: a docker-archive is generated while <c>docker load</c> reads it. Layers the daemon already has (by
/// chain ID, found through the layers' origin images) are sent as empty placeholders, which <c>docker load</c> never
/// reads, as imgutil's local image does.</item>
/// </list>
/// The store speaks to the daemon only through an <see cref="IDaemonImageApi"/>: an <see cref="EngineApiClient"/> of
/// its own, or one the platform shares with its container operations.
/// </summary>
public sealed class DaemonImageStore : IImageStore, IDisposable
{
    private readonly IDaemonImageApi _api;
    private readonly bool _ownsApi;
    private readonly DaemonImageStoreOptions _options;
    private readonly DaemonImageCache _cache;
    private readonly DaemonLoader _loader;
    private bool? _containerdStore;

    /// <summary>
    /// Connects (lazily: nothing is sent until the first call) to the daemon <paramref name="options"/> name, else
    /// the one <see cref="DaemonEndpoint.Resolve(string?, string)"/> finds, over an <see cref="EngineApiClient"/>.
    /// </summary>
    public DaemonImageStore(DaemonImageStoreOptions? options = null)
        : this(new EngineApiClient(DaemonEndpoint.Resolve(options?.Endpoint)), options, ownsApi: true)
    {
    }

    /// <summary>
    /// A store over <paramref name="api"/>, which names the daemon (<see cref="DaemonImageStoreOptions.Endpoint"/> is
    /// not read). The store disposes <paramref name="api"/> only when <paramref name="ownsApi"/> is true, so a
    /// transport shared with other work outlives it.
    /// </summary>
    public DaemonImageStore(IDaemonImageApi api, DaemonImageStoreOptions? options = null, bool ownsApi = false)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        _ownsApi = ownsApi;
        _options = options ?? new DaemonImageStoreOptions();
        _cache = new DaemonImageCache(_options.CacheDirectory ?? DaemonImageStoreOptions.DefaultCacheDirectory);
        _loader = new DaemonLoader(api);
    }

    /// <summary>The daemon endpoint.</summary>
    public DaemonEndpoint Endpoint => _api.Endpoint;

    /// <summary>
    /// Dials the daemon now and sends later requests over that connection (<see cref="EngineApiClient.HoldConnectionAsync"/>):
    /// for a process about to give up the privileges the daemon's socket needs.
    /// </summary>
    public Task HoldConnectionAsync(CancellationToken cancellationToken) =>
        _api is EngineApiClient client ? client.HoldConnectionAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public string Description => $"daemon {Endpoint}";

    /// <inheritdoc />
    public Task<StoredImage?> TryReadImageAsync(ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        return TryReadAsync(reference.ToString(), reference, platform, cancellationToken);
    }

    /// <summary>
    /// The platform of the image <paramref name="reference"/> names (a daemon holds one per name), from an inspect; null
    /// when the daemon has no such image.
    /// </summary>
    public async Task<ImagePlatform?> TryGetPlatformAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var inspect = await TryInspectAsync(reference.ToString(), cancellationToken).ConfigureAwait(false);
        return inspect is null ? null : PlatformOf(inspect);
    }

    /// <summary>
    /// The image whose ID is <paramref name="imageId"/>, whatever names it has now, read as <paramref name="reference"/>
    /// (the name the result carries); null when the daemon has no such image. For a caller that knows which image it
    /// means: a name can be given to another image at any moment (a <c>docker tag</c>, another build), an ID cannot.
    /// </summary>
    public Task<StoredImage?> TryReadImageByIdAsync(Digest imageId, ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        return TryReadAsync(imageId.ToString(), reference, platform, cancellationToken);
    }

    private async Task<StoredImage?> TryReadAsync(string nameOrId, ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken)
    {
        var inspect = await TryInspectAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        if (inspect is null)
        {
            return null;
        }

        var imagePlatform = PlatformOf(inspect);
        if (!platform.Matches(imagePlatform))
        {
            throw new DaemonException($"The image {reference} in {Description} is for {imagePlatform}, not {platform}. A daemon holds one platform per name: pull or load the {platform} image.");
        }

        var imageId = Digest.Parse(inspect.Id);
        var diffIds = inspect.DiffIds.Select(Digest.Parse).ToList();
        await EnsureCachedAsync(imageId, diffIds, cancellationToken).ConfigureAwait(false);

        var configBytes = await File.ReadAllBytesAsync(_cache.ConfigPath(imageId), cancellationToken).ConfigureAwait(false);
        var config = ImageJson.ParseConfig(configBytes, $"{Description} image {imageId}");
        var layers = diffIds
            .Select(d => new Descriptor { MediaType = MediaTypes.OciLayer, Digest = d, Size = new FileInfo(_cache.LayerPath(d)).Length })
            .ToList();
        return StoredImage.WithSynthesizedManifest(reference, this, configBytes, imageId, config, layers);
    }

    /// <summary>
    /// Whether reading <paramref name="reference"/> costs no <c>docker save</c>: the daemon has it, and this store's
    /// cache already holds its config and layers. A caller that can read the same image more cheaply elsewhere (its
    /// registry: a manifest and a config instead of the whole image) asks first.
    /// </summary>
    public async Task<bool> IsCachedAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var inspect = await TryInspectAsync(reference.ToString(), cancellationToken).ConfigureAwait(false);
        return inspect is not null && _cache.HasImage(Digest.Parse(inspect.Id), inspect.DiffIds.Select(Digest.Parse));
    }

    /// <inheritdoc />
    public async Task<Stream> OpenLayerAsync(StoredImage image, ImageLayer layer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layer);
        var path = _cache.LayerPath(layer.DiffId);
        if (!File.Exists(path))
        {
            // Evicted from the cache since the image was read: save it again.
            await EnsureCachedAsync(image.ImageId, image.Config.RootFs.DiffIds, cancellationToken).ConfigureAwait(false);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return new DigestVerifyingStream(file, layer.Blob.Digest, layer.Blob.Size, $"{Description} layer cache {path}");
    }

    /// <inheritdoc />
    public async Task<ImageWriteResult> WriteImageAsync(ImageWriteRequest request, CancellationToken cancellationToken)
    {
        var composed = ImageComposer.Compose(request);
        var content = ArchiveImageContent.From(composed, request);
        var placeholders = _options.SkipLayersTheDaemonHas
            ? await FindLayersTheDaemonHasAsync(request.Layers, cancellationToken).ConfigureAwait(false)
            : new HashSet<Digest>();
        TransferStatistics statistics;
        try
        {
            statistics = await _loader.LoadAsync(content, placeholders, cancellationToken).ConfigureAwait(false);
        }
        catch (DaemonLoadException) when (placeholders.Count > 0)
        {
            // The daemon lost a layer between our check and the load (an image was removed), or it does not skip
            // known layers (containerd image store, Podman): send everything.
            statistics = await _loader.LoadAsync(content, new HashSet<Digest>(), cancellationToken).ConfigureAwait(false);
        }

        var primary = request.Tags[0].ToString();
        var loaded = await TryInspectAsync(primary, cancellationToken).ConfigureAwait(false);
        var config = composed.ConfigDescriptor.Digest;
        if (loaded is null || !(loaded.Id == config.ToString() || (await UsesContainerdImageStoreAsync(cancellationToken).ConfigureAwait(false) && IsTheImageLoaded(loaded, request))))
        {
            throw new DaemonLoadException(primary, Endpoint, $"after the load, {primary} is {loaded?.Id ?? "missing"} instead of {config}");
        }

        // The daemon's own name for the image: the config digest on the graph-driver store, the digest of the manifest
        // it made on the containerd store (what `docker images` shows and a later inspect returns).
        var result = composed.ToResult(request.Tags, statistics);
        return loaded.Id == config.ToString() ? result : result with { ImageId = Digest.Parse(loaded.Id) };
    }

    // The graph-driver store names a loaded image by its config's digest. The containerd store (Docker Desktop's
    // default since 4.34, Docker Engine's since 29) names it by the digest of a manifest it writes itself, which cannot
    // be known here: there the image loaded is the one with this request's layers and platform.
    private static bool IsTheImageLoaded(DaemonImageDetails loaded, ImageWriteRequest request) =>
        Digest.TryParse(loaded.Id, out _)
        && loaded.DiffIds.SequenceEqual(request.Layers.Select(l => l.DiffId.ToString()), StringComparer.Ordinal)
        && (loaded.Architecture is null || loaded.Architecture == request.Config.Architecture)
        && (loaded.Os is null || loaded.Os == request.Config.Os);

    // Asked once per store, when an image ID is not what the graph-driver store would give.
    private async Task<bool> UsesContainerdImageStoreAsync(CancellationToken cancellationToken)
    {
        if (_api is not IContainerEngine engine)
        {
            return false;
        }

        _containerdStore ??= (await CallAsync(engine.GetInfoAsync, cancellationToken).ConfigureAwait(false)).UsesContainerdImageStore;
        return _containerdStore.Value;
    }

    /// <inheritdoc />
    public async Task TagAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        await CallAsync(
            async token =>
            {
                await _api.TagImageAsync(source.ToString(), target.Name, target.Tag ?? ImageReference.DefaultTag, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);

        // Filtered here rather than with the API's reference filter, whose matching differs between Docker and Podman.
        var images = await CallAsync(_api.ListImagesAsync, cancellationToken).ConfigureAwait(false);
        return images
            .SelectMany(i => i.RepoTags)
            .Select(t => ImageReference.TryParse(t, out var parsed) ? parsed : null)
            .Where(r => r is not null && r.Name == repository.Name && r.Tag is not null)
            .Select(r => r!.Tag!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsApi)
        {
            _api.Dispose();
        }
    }

    private static ImagePlatform PlatformOf(DaemonImageDetails inspect) =>
        new() { Os = inspect.Os ?? "linux", Architecture = inspect.Architecture ?? "amd64", Variant = NullIfEmpty(inspect.Variant) };

    /// <summary>Inspects an image by name or ID; null when the daemon has none.</summary>
    internal Task<DaemonImageDetails?> TryInspectAsync(string image, CancellationToken cancellationToken) =>
        CallAsync(token => _api.TryInspectImageAsync(image, token), cancellationToken);

    /// <summary>
    /// The blob digests of <paramref name="layers"/> the daemon already holds at the same position of a layer chain:
    /// those whose chain ID is the chain ID of a layer of an image the daemon has. Candidates are the layers' origin
    /// images, looked up by image ID and, failing that, by name.
    /// </summary>
    internal async Task<IReadOnlySet<Digest>> FindLayersTheDaemonHasAsync(IReadOnlyList<LayerToWrite> layers, CancellationToken cancellationToken)
    {
        var known = new HashSet<Digest>();
        foreach (var origin in layers.Select(l => l.Content.Origin).OfType<StoredImage>().DistinctBy(o => o.ImageId))
        {
            var inspect = await TryInspectAsync(origin.ImageId.ToString(), cancellationToken).ConfigureAwait(false)
                ?? await TryInspectAsync(origin.Reference.ToString(), cancellationToken).ConfigureAwait(false);
            if (inspect is not null)
            {
                known.UnionWith(ChainIds.Of(inspect.DiffIds.Select(Digest.Parse)));
            }
        }

        var chain = ChainIds.Of(layers.Select(l => l.DiffId));
        var present = layers.Where((l, i) => known.Contains(chain[i])).Select(l => l.Blob.Digest).ToHashSet();

        // One blob at two positions is one archive entry: a placeholder only if the daemon has it at both.
        present.ExceptWith(layers.Where((l, i) => !known.Contains(chain[i])).Select(l => l.Blob.Digest));
        return present;
    }

    private async Task EnsureCachedAsync(Digest imageId, IReadOnlyList<Digest> diffIds, CancellationToken cancellationToken)
    {
        if (_cache.HasImage(imageId, diffIds))
        {
            return;
        }

        // No RequestTimeout: the save streams the whole image.
        await using var saved = await CallAsync(token => _api.SaveImageAsync(imageId.ToString(), token), cancellationToken, bounded: false).ConfigureAwait(false);
        await _cache.ExtractAsync(saved, imageId, diffIds, Description, cancellationToken).ConfigureAwait(false);
    }

    // The transport names an unreachable daemon; a daemon that accepts the connection but never answers is caught
    // here, by the timeout only the store knows.
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, bool bounded = true)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (bounded)
        {
            timeout.CancelAfter(_options.RequestTimeout);
        }

        try
        {
            return await call(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DaemonUnreachableException(Endpoint, new TimeoutException($"no answer within {_options.RequestTimeout.TotalSeconds:0} s", ex));
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
