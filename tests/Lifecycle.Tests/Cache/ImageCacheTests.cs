using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.Lifecycle.Tests.Cache;

public sealed class ImageCacheTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new("image-cache");
    private RegistryServer? _registry;
    private RegistryStore? _store;

    private RegistryStore Store => _store!;

    private ImageReference CacheImage => ImageReference.Parse($"{_registry!.Address}/team/app-cache:latest");

    public async Task InitializeAsync()
    {
        _registry = await RegistryServer.StartAsync();
        _store = new RegistryStore(new RegistrySettings { DockerConfig = null, RetryBaseDelay = TimeSpan.FromMilliseconds(50) });
    }

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }

    public void Dispose() => _temp.Dispose();

    private static CacheMetadata Metadata(string sha) => new()
    {
        Sbom = new LayerSha(""),
        Buildpacks = [new BuildpackLayersMetadata { Key = "example/bp", Version = "1", Layers = new Dictionary<string, LayerRecord> { ["deps"] = new() { Sha = sha, Cache = true } } }],
    };

    private Task<ImageCache> OpenAsync() => ImageCache.OpenAsync(Store, CacheImage, onIgnored: null, CancellationToken.None);

    [Fact]
    public async Task Dropping_an_uncommitted_cache_image_deletes_its_private_copies_of_added_layers()
    {
        var layer = await CacheFixtures.WriteLayerAsync(_temp.Combine("layer.tar"), "/layers/example_bp/deps", new Dictionary<string, string> { ["f"] = "x" }, false);
        var before = TemporaryCopies();

        using (var cache = await OpenAsync())
        {
            await cache.AddLayerFileAsync(layer.Path, layer.DiffId, CancellationToken.None);
            var copy = Assert.Single(TemporaryCopies().Except(before));
            Assert.True(File.Exists(copy));
        }

        Assert.Empty(TemporaryCopies().Except(before));
        Assert.True(File.Exists(layer.Path)); // the caller's file is the caller's
    }

    private static string[] TemporaryCopies() => Directory.GetFiles(Path.GetTempPath(), "cnb-cache-layer-*");

    [Fact]
    public async Task A_cache_image_with_no_layers_gets_one_empty_1024_byte_layer_and_the_metadata_label()
    {
        var cache = await OpenAsync();
        Assert.False(cache.Exists);
        await cache.SetMetadataAsync(CacheMetadata.Empty, CancellationToken.None);
        await cache.CommitAsync(CancellationToken.None);

        var image = (await Store.TryReadImageAsync(CacheImage, ImageCache.CachePlatform, CancellationToken.None))!;
        var layer = Assert.Single(image.Layers);
        Assert.Equal(1024, layer.Blob.Size);
        Assert.Equal(Digest.Compute(new byte[1024]), layer.DiffId);
        Assert.True(image.Labels.ContainsKey(CacheMetadata.Label));
        Assert.True((await OpenAsync()).Exists);
    }

    [Fact]
    public async Task Layers_and_metadata_round_trip_and_a_reused_layer_keeps_its_blob()
    {
        var layer = await CacheFixtures.WriteLayerAsync(_temp.Combine("deps.tar.gz"), "/layers/example_bp/deps", new Dictionary<string, string> { ["a.txt"] = "cached" }, compressed: true);
        var first = await OpenAsync();
        await first.AddLayerFileAsync(layer.Path, layer.DiffId, CancellationToken.None);
        await first.SetMetadataAsync(Metadata(layer.DiffId.ToString()), CancellationToken.None);
        await first.CommitAsync(CancellationToken.None);

        var second = await OpenAsync();
        Assert.Equal(layer.DiffId.ToString(), (await second.RetrieveMetadataAsync(CancellationToken.None)).ForBuildpack("example/bp")!.Layers["deps"].Sha);
        await using (var tar = await second.RetrieveLayerAsync(layer.DiffId, CancellationToken.None))
        {
            Assert.Equal(layer.DiffId, await Digest.ComputeAsync(tar, CancellationToken.None)); // handed back uncompressed
        }

        await second.ReuseLayerAsync(layer.DiffId, CancellationToken.None);
        await second.SetMetadataAsync(Metadata(layer.DiffId.ToString()), CancellationToken.None);
        await second.CommitAsync(CancellationToken.None);

        var image = (await Store.TryReadImageAsync(CacheImage, ImageCache.CachePlatform, CancellationToken.None))!;
        var only = Assert.Single(image.Layers);
        Assert.Equal(layer.Blob.Digest, only.Blob.Digest);
        await Assert.ThrowsAsync<CacheReadException>(() => second.ReuseLayerAsync(Digest.Compute([1]), CancellationToken.None));
    }

    [Fact]
    public async Task A_corrupt_metadata_label_reads_as_an_empty_cache()
    {
        await CacheFixtures.WriteImageAsync(Store, CacheImage.ToString(), new Dictionary<string, string> { [CacheMetadata.Label] = "nope" });
        var cache = await OpenAsync();
        Assert.True(cache.Exists);
        Assert.Empty((await cache.RetrieveMetadataAsync(CancellationToken.None)).Buildpacks);
    }
}
