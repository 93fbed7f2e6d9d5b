using System.Text.Json.Nodes;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Tests.Cache;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.Lifecycle.Tests.Analyze;

public sealed class AnalyzerTests : IDisposable
{
    private const string App = "registry.example/team/app:1";
    private const string Run = "registry.example/base/run:jammy";

    private readonly TempDirectory _temp = new("analyzer");
    private readonly RecordingLog _log = new();
    private readonly OciLayoutImageStore _layout;

    public AnalyzerTests()
    {
        _layout = new OciLayoutImageStore(_temp.Combine("layout"));
        Directory.CreateDirectory(LayersDir);
    }

    private string LayersDir => _temp.Combine("layers");

    private string AnalyzedPath => Path.Combine(LayersDir, "analyzed.toml");

    public void Dispose() => _temp.Dispose();

    private static readonly Dictionary<string, string> RunLabels = new()
    {
        ["io.buildpacks.base.distro.name"] = "ubuntu",
        ["io.buildpacks.base.distro.version"] = "22.04",
        ["io.buildpacks.base.id"] = "io.example.jammy",
    };

    private static LayersMetadata PreviousMetadata(string? sbomSha = null) => new()
    {
        App = [new LayerSha("sha256:" + new string('1', 64))],
        Sbom = sbomSha is null ? null : new LayerSha(sbomSha),
        Buildpacks =
        [
            new BuildpackLayersMetadata
            {
                Key = "example/bp",
                Version = "1.0.0",
                Layers = new Dictionary<string, LayerRecord>
                {
                    ["web"] = new() { Sha = "sha256:" + new string('2', 64), Launch = true, Data = new JsonObject { ["nested"] = new JsonObject { ["ok"] = true }, ["version"] = "8.0" } },
                },
                Store = new StoreMetadata(new JsonObject { ["count"] = 2 }),
            },
        ],
        Launcher = new LayerSha("sha256:" + new string('3', 64)),
        Config = new LayerSha("sha256:" + new string('4', 64)),
        RunImage = new RunImageMetadata { TopLayer = "sha256:" + new string('5', 64), Reference = "registry.example/base/run@sha256:" + new string('6', 64), Image = Run },
        Stack = new StackMetadata(new StackRunImage(Run, ["mirror.example/base/run:jammy"])),
    };

    private Task<Analysis> AnalyzeAsync(IImageStore? store = null, string? runImage = Run, string? runPath = null, string output = App, string platformApi = "0.15", bool skipLayers = false) =>
        new Analyzer(
            new LifecycleInputs
            {
                PlatformApi = PlatformApi.Resolve(platformApi),
                Tags = [ImageReference.Parse(output)],
                RunImage = runImage,
                RunPath = runPath,
                Store = store ?? _layout,
                LayersDir = LayersDir,
                SkipLayers = skipLayers,
            },
            _log).RunAsync(CancellationToken.None);

    [Fact]
    public async Task Without_a_previous_image_analyzed_toml_has_no_image_and_empty_metadata_but_the_run_image()
    {
        var run = await CacheFixtures.WriteImageAsync(_layout, Run, RunLabels, variant: "v8");
        await AnalyzeAsync();

        var analysis = AnalyzedToml.Read(AnalyzedPath);
        Assert.Null(analysis.PreviousImageReference);
        Assert.Empty(analysis.Metadata.Buildpacks);
        Assert.Equal($"registry.example/base/run@{run.ManifestDigest}", analysis.RunImage!.Reference);
        Assert.Equal(Run, analysis.RunImage.Image);
        Assert.Equal("linux", analysis.RunImage.Target!.Os);
        Assert.Equal("v8", analysis.RunImage.Target.ArchVariant);
        Assert.Equal(new OsDistro("ubuntu", "22.04"), analysis.RunImage.Target.Distro);
        Assert.Equal("io.example.jammy", analysis.RunImage.TargetId);
        var text = File.ReadAllText(AnalyzedPath);
        Assert.Contains("arch-variant = \"v8\"", text);
        Assert.Contains("[run-image.target.distro]", text);
        Assert.DoesNotContain("[image]", text);
    }

    [Fact]
    public async Task The_previous_image_label_becomes_the_metadata_table_in_its_toml_spelling()
    {
        await CacheFixtures.WriteImageAsync(_layout, Run, RunLabels);
        var previous = await CacheFixtures.WriteImageAsync(_layout, App, new Dictionary<string, string> { [LayersMetadata.Label] = LabelJson.Serialize(PreviousMetadata()) });
        await AnalyzeAsync();

        var text = File.ReadAllText(AnalyzedPath);
        Assert.Contains($"reference = \"registry.example/team/app@{previous.ManifestDigest}\"", text);
        Assert.Contains("[metadata.run-image]", text);
        Assert.Contains("top-layer = \"sha256:" + new string('5', 64) + "\"", text);
        Assert.Contains("[metadata.stack.run-image]", text);
        Assert.DoesNotContain("topLayer", text);
        var analysis = AnalyzedToml.Read(AnalyzedPath);
        Assert.Equal($"registry.example/team/app@{previous.ManifestDigest}", analysis.PreviousImageReference);
        var web = analysis.Metadata.ForBuildpack("example/bp")!.Layers["web"];
        Assert.True(web.Launch);
        Assert.Equal("8.0", (string?)web.Data!["version"]);
        Assert.True((bool)web.Data["nested"]!["ok"]!);
        Assert.Equal(2L, (long)analysis.Metadata.ForBuildpack("example/bp")!.Store!.Metadata!["count"]!);
        // Keys in sorted order, as the reference lifecycle writes them: the label survives the TOML round trip unchanged.
        Assert.Equal(LabelJson.Serialize(PreviousMetadata()), LabelJson.Serialize(analysis.Metadata));
    }

    [Fact]
    public async Task A_previous_image_the_registry_will_not_show_means_no_previous_image()
    {
        // Docker Hub answers 401 for a repository that does not exist yet outside the caller's namespace; imgutil
        // takes it for "not found", and a first publish goes on.
        await CacheFixtures.WriteImageAsync(_layout, Run, RunLabels);
        await AnalyzeAsync(store: new RefusingToRead(_layout, App));

        Assert.Null(AnalyzedToml.Read(AnalyzedPath).PreviousImageReference);
        Assert.Contains(_log.Messages, m => m.Level == Logging.LifecycleLogLevel.Warn && m.Message.Contains("could not be read", StringComparison.Ordinal) && m.Message.Contains(App, StringComparison.Ordinal));
    }

    // A store whose registry refuses to read one name (401 after authenticating), as a registry does for a repository
    // the credentials cannot see.
    private sealed class RefusingToRead(IImageStore inner, string refused) : IImageStore
    {
        public string Description => inner.Description;

        public Task<StoredImage?> TryReadImageAsync(ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken) =>
            reference.ToString() == refused
                ? throw new RegistryAuthenticationException("registry.example", "team/app", "401 Unauthorized: authentication required")
                : inner.TryReadImageAsync(reference, platform, cancellationToken);

        public Task<Stream> OpenLayerAsync(StoredImage image, ImageLayer layer, CancellationToken cancellationToken) => inner.OpenLayerAsync(image, layer, cancellationToken);

        public Task<ImageWriteResult> WriteImageAsync(ImageWriteRequest request, CancellationToken cancellationToken) => inner.WriteImageAsync(request, cancellationToken);

        public Task TagAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken) => inner.TagAsync(source, target, cancellationToken);

        public Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken) => inner.ListTagsAsync(repository, cancellationToken);
    }

    [Fact]
    public async Task A_corrupt_label_means_no_previous_image()
    {
        await CacheFixtures.WriteImageAsync(_layout, Run, RunLabels);
        await CacheFixtures.WriteImageAsync(_layout, App, new Dictionary<string, string> { [LayersMetadata.Label] = "{\"app\": [not json" });
        var analysis = await AnalyzeAsync();

        Assert.Null(analysis.PreviousImageReference);
        Assert.Empty(AnalyzedToml.Read(AnalyzedPath).Metadata.Buildpacks);
    }

    [Fact]
    public async Task The_previous_image_sbom_layer_is_restored_into_the_layers_directory_unless_layers_are_skipped()
    {
        await CacheFixtures.WriteImageAsync(_layout, Run, RunLabels);
        var sbom = await CacheFixtures.WriteLayerAsync(
            _temp.Combine("sbom.tar.gz"),
            Path.Combine(LayersDir, "sbom", "launch"),
            new Dictionary<string, string> { ["example_bp/web/sbom.cdx.json"] = "{\"bomFormat\":\"CycloneDX\"}" },
            compressed: true);
        await CacheFixtures.WriteImageAsync(
            _layout,
            App,
            new Dictionary<string, string> { [LayersMetadata.Label] = LabelJson.Serialize(PreviousMetadata(sbom.DiffId.ToString())) },
            layers: [sbom]);
        var restored = Path.Combine(LayersDir, "sbom", "launch", "example_bp", "web", "sbom.cdx.json");

        await AnalyzeAsync(skipLayers: true);
        Assert.False(File.Exists(restored));

        await AnalyzeAsync();
        Assert.Equal("{\"bomFormat\":\"CycloneDX\"}", File.ReadAllText(restored));
    }

    [Fact]
    public async Task The_run_image_comes_from_run_toml_preferring_a_mirror_on_the_output_registry()
    {
        await CacheFixtures.WriteImageAsync(_layout, "primary.example/base/run:jammy", RunLabels);
        var mirror = await CacheFixtures.WriteImageAsync(_layout, "registry.example/mirror/run:jammy", RunLabels);
        var runToml = _temp.WriteFile("run.toml", """
            [[images]]
            image = "primary.example/base/run:jammy"
            mirrors = ["other.example/base/run:jammy", "registry.example/mirror/run:jammy"]

            [[images]]
            image = "second.example/run:latest"
            """);

        var analysis = await AnalyzeAsync(runImage: null, runPath: runToml);

        Assert.Equal("registry.example/mirror/run:jammy", analysis.RunImage!.Image);
        Assert.Equal($"registry.example/mirror/run@{mirror.ManifestDigest}", analysis.RunImage.Reference);
    }

    [Fact]
    public async Task Without_a_readable_mirror_on_the_output_registry_the_first_readable_name_is_taken()
    {
        await CacheFixtures.WriteImageAsync(_layout, "other.example/base/run:jammy", RunLabels);
        var runToml = _temp.WriteFile("run.toml", """
            [[images]]
            image = "primary.example/base/run:jammy"
            mirrors = ["registry.example/missing/run:jammy", "other.example/base/run:jammy"]
            """);

        var analysis = await AnalyzeAsync(runImage: null, runPath: runToml);
        Assert.Equal("other.example/base/run:jammy", analysis.RunImage!.Image);
    }

    [Fact]
    public async Task Without_run_image_or_run_toml_the_analyzer_fails_with_exit_code_32()
    {
        var error = await Assert.ThrowsAsync<LifecycleException>(() => AnalyzeAsync(runImage: null, runPath: _temp.Combine("missing-run.toml")));
        Assert.Equal(32, error.ExitCode);
    }

    [Fact]
    public async Task A_run_image_without_os_fails_with_exit_code_32()
    {
        await CacheFixtures.WriteImageAsync(_layout, Run, RunLabels, os: "");
        var error = await Assert.ThrowsAsync<LifecycleException>(() => AnalyzeAsync());
        Assert.Equal(32, error.ExitCode);
        Assert.Contains("OS", error.Message);
        Assert.False(File.Exists(AnalyzedPath));
    }

    [Fact]
    public async Task A_missing_run_image_fails_with_exit_code_32()
    {
        var error = await Assert.ThrowsAsync<LifecycleException>(() => AnalyzeAsync());
        Assert.Equal(32, error.ExitCode);
    }

    [Fact]
    public async Task Previous_and_run_image_are_read_from_a_loopback_registry()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var store = new RegistryStore(new RegistrySettings { DockerConfig = null, RetryBaseDelay = TimeSpan.FromMilliseconds(50) });
        var run = $"{registry.Address}/base/run:jammy";
        var app = $"{registry.Address}/team/app:1";
        var runImage = await CacheFixtures.WriteImageAsync(store, run, RunLabels);
        var previous = await CacheFixtures.WriteImageAsync(store, app, new Dictionary<string, string> { [LayersMetadata.Label] = LabelJson.Serialize(PreviousMetadata()) });

        var analysis = await AnalyzeAsync(store, runImage: run, output: app);

        Assert.Equal($"{registry.Address}/team/app@{previous.ManifestDigest}", analysis.PreviousImageReference);
        Assert.Equal($"{registry.Address}/base/run@{runImage.ManifestDigest}", AnalyzedToml.Read(AnalyzedPath).RunImage!.Reference);
        Assert.True(AnalyzedToml.Read(AnalyzedPath).Metadata.ForBuildpack("example/bp")!.Layers["web"].Launch);
    }

    [Fact]
    public void Stack_toml_names_the_run_image_and_its_mirrors()
    {
        var path = _temp.WriteFile("stack.toml", "[run-image]\nimage = \"a.example/run\"\nmirrors = [\"b.example/run\"]\n");
        var entry = StackToml.Read(path)!;
        Assert.Equal("a.example/run", entry.Image);
        Assert.Equal(["b.example/run"], entry.Mirrors);
        Assert.True(entry.Contains("b.example/run:latest"));
        Assert.Null(StackToml.Read(_temp.Combine("none.toml")));
    }
}
