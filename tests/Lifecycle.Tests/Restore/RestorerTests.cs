using System.Text.Json.Nodes;
using Buildpacks.Images.Layers;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Tests.Cache;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Lifecycle.Tests.Restore;

[CollectionDefinition(ProcessUmask.CollectionName, DisableParallelization = true)]
public sealed class ProcessUmaskCollection;

// In the umask collection: one test sets the process's umask, and the restorer's other tests write files too.
[Collection(ProcessUmask.CollectionName)]
public sealed class RestorerTests : IDisposable
{
    private readonly TempDirectory _temp = new("restorer");
    private readonly RecordingLog _log = new();

    public RestorerTests()
    {
        Directory.CreateDirectory(LayersDir);
        File.WriteAllText(Path.Combine(LayersDir, "group.toml"), "[[group]]\nid = \"example/bp\"\nversion = \"1.0.0\"\napi = \"0.10\"\n");
    }

    private string LayersDir => _temp.Combine("layers");

    private string BuildpackDir => Path.Combine(LayersDir, "example_bp");

    public void Dispose() => _temp.Dispose();

    private void WriteAnalyzed(params (string Name, LayerRecord Layer)[] layers) =>
        AnalyzedToml.Write(Path.Combine(LayersDir, "analyzed.toml"), new Analysis
        {
            Metadata = new LayersMetadata
            {
                Buildpacks =
                [
                    new BuildpackLayersMetadata
                    {
                        Key = "example/bp",
                        Version = "1.0.0",
                        Layers = layers.ToDictionary(l => l.Name, l => l.Layer),
                        Store = new StoreMetadata(new JsonObject { ["builds"] = 3 }),
                    },
                ],
            },
        });

    private Task RestoreAsync(ILayerCache? cache = null, bool skipLayers = false, string platformApi = "0.15") =>
        new Restorer(
            new LifecycleInputs { PlatformApi = PlatformApi.Resolve(platformApi), LayersDir = LayersDir, Cache = cache, SkipLayers = skipLayers },
            _log).RunAsync(CancellationToken.None);

    /// <summary>A cache directory holding a layer of <paramref name="layerName"/> with one file, and its metadata.</summary>
    private async Task<(DirectoryCache Cache, WrittenLayer Layer)> CacheWithLayerAsync(string layerName, string content, bool launch = false)
    {
        var layer = await CacheFixtures.WriteLayerAsync(
            _temp.Combine($"{layerName}.tar"),
            Path.Combine(BuildpackDir, layerName),
            new Dictionary<string, string> { ["data.txt"] = content });
        var cache = DirectoryCache.Open(_temp.Combine("cache"));
        await cache.AddLayerFileAsync(layer.Path, layer.DiffId, CancellationToken.None);
        await cache.SetMetadataAsync(
            new CacheMetadata
            {
                Buildpacks =
                [
                    new BuildpackLayersMetadata
                    {
                        Key = "example/bp",
                        Version = "1.0.0",
                        Layers = new Dictionary<string, LayerRecord>
                        {
                            [layerName] = new() { Sha = layer.DiffId.ToString(), Cache = true, Launch = launch, Data = new JsonObject { ["from"] = "cache" } },
                        },
                    },
                ],
            },
            CancellationToken.None);
        await cache.CommitAsync(CancellationToken.None);
        return (DirectoryCache.Open(_temp.Combine("cache")), layer);
    }

    [Fact]
    public async Task Store_toml_is_written_from_the_previous_image_metadata()
    {
        WriteAnalyzed();
        await RestoreAsync();
        Assert.Equal(3L, StoreToml.Read(Path.Combine(BuildpackDir, "store.toml"))["builds"]);
    }

    [Theory]
    [InlineData(0b000_000_010)]
    [InlineData(0b000_111_111)]
    public async Task The_buildpack_directory_is_made_as_in_a_container_whatever_the_umask_of_this_process(int umask)
    {
        // Local execution restores in the MSBuild process; the exporter writes this directory's mode into the buildpack's
        // launch layers, so the user's umask (002 on many desktops) would change their diff IDs from the second build on.
        WriteAnalyzed(("web", new LayerRecord { Sha = "sha256:" + new string('a', 64), Launch = true, Data = new JsonObject() }));
        using (ProcessUmask.Set((UnixFileMode)umask))
        {
            await RestoreAsync();
        }

        Assert.True(File.Exists(Path.Combine(BuildpackDir, "store.toml")));
        Assert.Equal(LayerModes.Directory, File.GetUnixFileMode(BuildpackDir));
    }

    [Fact]
    public async Task Store_toml_is_written_even_when_layers_are_skipped()
    {
        WriteAnalyzed(("web", new LayerRecord { Sha = "sha256:" + new string('a', 64), Launch = true }));
        await RestoreAsync(skipLayers: true);
        Assert.True(File.Exists(Path.Combine(BuildpackDir, "store.toml")));
        Assert.False(File.Exists(Path.Combine(BuildpackDir, "web.toml")));
        Assert.Contains(_log.Messages, m => m.Message == "Skipping buildpack layer analysis");
    }

    [Fact]
    public async Task Launch_layer_metadata_is_restored_without_types()
    {
        WriteAnalyzed(("web", new LayerRecord { Sha = "sha256:" + new string('a', 64), Launch = true, Data = new JsonObject { ["version"] = "1.2.3", ["n"] = 7 } }));
        await RestoreAsync();

        var text = File.ReadAllText(Path.Combine(BuildpackDir, "web.toml"));
        Assert.DoesNotContain("types", text);
        Assert.DoesNotContain("launch", text);
        var restored = LayerToml.Read(BuildpackDir, "web");
        Assert.Equal("1.2.3", restored.Metadata["version"]);
        Assert.Equal(7L, restored.Metadata["n"]);
        Assert.False(restored.Types.Launch);
    }

    [Fact]
    public async Task Launch_build_layers_that_are_not_cached_are_not_restored()
    {
        WriteAnalyzed(("tools", new LayerRecord { Sha = "sha256:" + new string('a', 64), Launch = true, Build = true }));
        await RestoreAsync();
        Assert.False(File.Exists(Path.Combine(BuildpackDir, "tools.toml")));
    }

    [Fact]
    public async Task A_cached_layer_is_restored_from_the_cache_directory()
    {
        var (cache, _) = await CacheWithLayerAsync("deps", "cached content");
        WriteAnalyzed();
        await RestoreAsync(cache);

        Assert.Equal("cached content", File.ReadAllText(Path.Combine(BuildpackDir, "deps", "data.txt")));
        Assert.Equal("cache", LayerToml.Read(BuildpackDir, "deps").Metadata["from"]);
        Assert.Empty(Directory.EnumerateDirectories(LayersDir, ".restore-*"));
    }

    [Fact]
    public async Task A_cached_launch_layer_is_restored_when_the_image_records_the_same_sha()
    {
        var (cache, layer) = await CacheWithLayerAsync("deps", "both", launch: true);
        WriteAnalyzed(("deps", new LayerRecord { Sha = layer.DiffId.ToString(), Launch = true, Cache = true, Data = new JsonObject { ["from"] = "image" } }));
        await RestoreAsync(cache);

        Assert.Equal("both", File.ReadAllText(Path.Combine(BuildpackDir, "deps", "data.txt")));
        Assert.Equal("image", LayerToml.Read(BuildpackDir, "deps").Metadata["from"]);
    }

    [Fact]
    public async Task A_cached_layer_whose_image_sha_differs_from_the_cache_is_removed_with_a_warning()
    {
        var (cache, _) = await CacheWithLayerAsync("deps", "stale", launch: true);
        WriteAnalyzed(("deps", new LayerRecord { Sha = "sha256:" + new string('b', 64), Launch = true, Cache = true }));
        await RestoreAsync(cache);

        Assert.False(File.Exists(Path.Combine(BuildpackDir, "deps.toml")));
        Assert.False(Directory.Exists(Path.Combine(BuildpackDir, "deps")));
        Assert.Contains(_log.Messages, m => m.Level == LifecycleLogLevel.Warn && m.Message.Contains("\"example/bp:deps\", wrong sha", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_damaged_cached_tar_is_a_warning_and_the_layer_is_left_for_the_buildpack_to_rebuild()
    {
        var (cache, layer) = await CacheWithLayerAsync("deps", "content");
        await File.AppendAllTextAsync(DirectoryCache.LayerPath(cache.CommittedDirectory, layer.DiffId), "garbage");
        WriteAnalyzed();
        await RestoreAsync(cache);

        Assert.False(File.Exists(Path.Combine(BuildpackDir, "deps.toml")));
        Assert.Contains(_log.Messages, m => m.Level == LifecycleLogLevel.Warn && m.Message.Contains("Skipping restore for layer example/bp:deps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Layer_sboms_are_copied_next_to_the_layers_and_the_sbom_directory_removed()
    {
        WriteAnalyzed(("web", new LayerRecord { Sha = "sha256:" + new string('a', 64), Launch = true }));
        var sbom = Path.Combine(LayersDir, "sbom", "launch", "example_bp", "web", "sbom.cdx.json");
        Directory.CreateDirectory(Path.GetDirectoryName(sbom)!);
        File.WriteAllText(sbom, "{}");
        await RestoreAsync();

        Assert.Equal("{}", File.ReadAllText(Path.Combine(BuildpackDir, "web.sbom.cdx.json")));
        Assert.False(Directory.Exists(Path.Combine(LayersDir, "sbom")));
    }

    [Fact]
    public async Task A_malformed_analyzed_toml_fails_with_exit_code_42()
    {
        File.WriteAllText(Path.Combine(LayersDir, "analyzed.toml"), "[metadata\n");
        var error = await Assert.ThrowsAsync<LifecycleException>(() => RestoreAsync());
        Assert.Equal(42, error.ExitCode);
    }
}
