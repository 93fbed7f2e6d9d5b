using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>Layers kept from the previous image, and the build cache.</summary>
public sealed class ExporterReuseTests : IDisposable
{
    private static readonly ImageReference App = ImageReference.Parse("example.com/team/app:1.0");
    private static readonly ImageReference Run = ImageReference.Parse("example.com/base/run:latest");

    private readonly LifecycleWorkspace _ws = new();
    private readonly OciLayoutImageStore _store;

    public ExporterReuseTests()
    {
        _store = new OciLayoutImageStore(Path.Combine(_ws.Root, "oci"));
    }

    public void Dispose() => _ws.Dispose();

    private string RuntimeLayerDir => Path.Combine(_ws.BuildpackLayersDir("test/runtime"), "runtime");

    [Fact]
    public async Task A_launch_layer_without_its_directory_is_the_previous_image_layer()
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);
        var first = await ExportAsync(_ws, Options(_ws, _store, App, Run));
        var runtimeSha = first.Metadata.ForBuildpack("test/runtime")!.Layers["runtime"].Sha;

        Directory.Delete(RuntimeLayerDir, recursive: true);
        var second = await ExportAsync(_ws, Options(_ws, _store, App, Run) with { PreviousImage = App });

        Assert.Contains("test/runtime:runtime", second.ReusedLayers);
        Assert.Equal(runtimeSha, second.Metadata.ForBuildpack("test/runtime")!.Layers["runtime"].Sha);
        var image = await ReadAsync(_store, App);
        Assert.Equal(runtimeSha, image.Layers[2].DiffId.ToString());
        Assert.Equal("Layer: 'runtime', Created by buildpack: test/runtime@1.0.0", image.Config.History![2].CreatedBy);
    }

    [Fact]
    public async Task A_launch_layer_without_its_directory_and_without_a_previous_layer_fails_with_exit_code_62()
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);
        Directory.Delete(RuntimeLayerDir, recursive: true);

        var failure = await Assert.ThrowsAsync<LifecycleException>(() => ExportAsync(_ws, Options(_ws, _store, App, Run)));

        Assert.Equal(62, failure.ExitCode);
        Assert.Contains("cannot reuse 'test/runtime:runtime', previous image has no metadata for layer", failure.Message);
    }

    [Fact]
    public async Task A_cached_launch_layer_without_its_directory_fails_with_exit_code_62()
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);
        await ExportAsync(_ws, Options(_ws, _store, App, Run));
        Directory.Delete(Path.Combine(_ws.BuildpackLayersDir("test/runtime"), "tools"), recursive: true);

        var failure = await Assert.ThrowsAsync<LifecycleException>(() => ExportAsync(_ws, Options(_ws, _store, App, Run) with { PreviousImage = App }));

        Assert.Equal(62, failure.ExitCode);
        Assert.Contains("layer 'test/runtime:tools' is cache=true but has no contents", failure.Message);
    }

    [Fact]
    public async Task Cache_layers_go_to_the_cache_directory_and_are_carried_over_unchanged_next_time()
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);
        var cacheDir = Path.Combine(_ws.Root, "cache");

        var first = await ExportAsync(_ws, Options(_ws, _store, App, Run) with { Cache = DirectoryCache.Open(cacheDir) });

        Assert.True(first.CacheExported);
        var metadata = await DirectoryCache.Open(cacheDir).RetrieveMetadataAsync(CancellationToken.None);
        var layers = metadata.ForBuildpack("test/runtime")!.Layers;
        Assert.Equal(["deps", "tools"], layers.Keys.Order());
        Assert.True(layers["deps"].Cache);
        Assert.False(layers["deps"].Launch);
        Assert.Equal(first.Metadata.ForBuildpack("test/runtime")!.Layers["tools"].Sha, layers["tools"].Sha);
        foreach (var layer in layers.Values)
        {
            Assert.True(File.Exists(Path.Combine(cacheDir, "committed", layer.Sha + ".tar")), layer.Sha);
        }

        var second = await ExportAsync(_ws, Options(_ws, _store, App, Run) with { Cache = DirectoryCache.Open(cacheDir) });

        Assert.True(second.CacheExported);
        Assert.Contains(_ws.Log.Messages, m => m.Message == "Reusing cache layer 'test/runtime:deps'");
        Assert.Equal(metadata, await DirectoryCache.Open(cacheDir).RetrieveMetadataAsync(CancellationToken.None), new CacheMetadataComparer());
    }

    [Fact]
    public async Task A_cache_that_cannot_be_written_is_a_warning_and_the_image_is_still_exported()
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);

        var result = await ExportAsync(_ws, Options(_ws, _store, App, Run) with { Cache = new FailingCache() });

        Assert.False(result.CacheExported);
        Assert.Contains(_ws.Log.Messages, m => m.Level == LifecycleLogLevel.Warn && m.Message.Contains("Failed to export cache: disk full", StringComparison.Ordinal));
        Assert.Equal(result.Image.ManifestDigest, (await ReadAsync(_store, App)).Digest);
    }

    private sealed class CacheMetadataComparer : IEqualityComparer<CacheMetadata>
    {
        public bool Equals(CacheMetadata? x, CacheMetadata? y) => CacheMetadataJson.Serialize(x!) == CacheMetadataJson.Serialize(y!);

        public int GetHashCode(CacheMetadata obj) => 0;
    }

    /// <summary>A cache whose storage is full: every write fails as a real one would.</summary>
    private sealed class FailingCache : ILayerCache
    {
        public string Name => "full-cache";

        public void Dispose()
        {
        }

        public bool Exists => false;

        public Task<CacheMetadata> RetrieveMetadataAsync(CancellationToken cancellationToken) => Task.FromResult(CacheMetadata.Empty);

        public Task<Stream> RetrieveLayerAsync(Images.Model.Digest diffId, CancellationToken cancellationToken) => throw new CacheReadException("no layers");

        public Task<bool> HasLayerAsync(Images.Model.Digest diffId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task VerifyLayerAsync(Images.Model.Digest diffId, CancellationToken cancellationToken) => throw new CacheReadException("no layers");

        public Task SetMetadataAsync(CacheMetadata metadata, CancellationToken cancellationToken) => throw new CacheException("disk full");

        public Task AddLayerFileAsync(string layerFile, Images.Model.Digest diffId, CancellationToken cancellationToken) => throw new CacheException("disk full");

        public Task ReuseLayerAsync(Images.Model.Digest diffId, CancellationToken cancellationToken) => throw new CacheReadException("no layers");

        public Task CommitAsync(CancellationToken cancellationToken) => throw new CacheException("disk full");
    }
}
