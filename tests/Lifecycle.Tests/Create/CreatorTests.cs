using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Tests.Export;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Create;

/// <summary>analyze → detect → restore → build → export in one call, against a real registry on loopback.</summary>
public sealed class CreatorTests : IAsyncLifetime, IDisposable
{
    private readonly LifecycleWorkspace _ws = new();
    private RegistryServer _registry = null!;
    private RegistryStore _store = null!;
    private ImageReference _app = null!;
    private ImageReference _run = null!;

    private string CacheDir => Path.Combine(_ws.Root, "cache");

    private string RestoredMarker => Path.Combine(_ws.Root, "deps-restored");

    public async Task InitializeAsync()
    {
        _registry = await RegistryServer.StartAsync();
        _store = new RegistryStore(RegistrySettings());
        _app = ImageReference.Parse($"{_registry.Address}/team/app:latest");
        _run = ImageReference.Parse($"{_registry.Address}/base/run:latest");
        await WriteRunImageAsync(_store, _run, Path.Combine(_ws.Root, "run"));
        _ws.WriteFile(Path.Combine(_ws.Root, "run.toml"), $"[[images]]\nimage = \"{_run}\"\nmirrors = [\"mirror.example.com/base/run:latest\"]\n");
        _ws.WriteOrder([("test/runtime", "1.0.0", false)]);
        _ws.WriteFile(Path.Combine(_ws.AppDir, "app.txt"), "the app");
        AddBuildpack("runtime-1");
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _registry.DisposeAsync();
    }

    public void Dispose() => _ws.Dispose();

    // The buildpack notes whether its cache layer came back from the cache before it rebuilds it.
    private void AddBuildpack(string runtimeContent) =>
        AddFixtureBuildpack(_ws, runtimeContent, beforeBuild: $"if [ -f \"$1/deps/data\" ]; then cat \"$1/deps/data\" > {RestoredMarker}; fi");

    private LifecycleInputs Inputs() => _ws.Inputs() with
    {
        RunPath = Path.Combine(_ws.Root, "run.toml"),
        Tags = [_app],
        Store = _store,
        Cache = DirectoryCache.Open(CacheDir),
        LauncherPath = RealLauncher.Path,
        Uid = 1000,
        Gid = 1000,
        ImageAppDir = "/workspace",
        ImageLayersDir = "/layers",
        ReportPath = Path.Combine(_ws.Root, "report.toml"),
    };

    private Task<ExportResult> CreateAsync() => new Creator(Inputs(), _ws.Log).RunAsync(CancellationToken.None);

    /// <summary>What a fresh build container starts with: an empty layers dir at the same path.</summary>
    private void EmptyLayersDir()
    {
        Directory.Delete(_ws.LayersDir, recursive: true);
        Directory.CreateDirectory(_ws.LayersDir);
    }

    [Fact]
    public async Task Creator_exports_an_image_that_runs_its_default_process_under_docker()
    {
        await RequiredServices.RequireDockerAsync();
        var result = await CreateAsync();

        Assert.Equal(result.Image.ManifestDigest.ToString(), ReportToml.Read(Path.Combine(_ws.Root, "report.toml")).Digest);
        var image = await ReadAsync(_store, _app);
        var runImage = Label(image, "io.buildpacks.lifecycle.metadata")["runImage"]!;
        Assert.StartsWith($"{_run.Name}@sha256:", runImage["reference"]!.GetValue<string>());
        Assert.Equal(_run.ToString(), runImage["image"]!.GetValue<string>());
        Assert.Equal("""["mirror.example.com/base/run:latest"]""", runImage["mirrors"]!.ToJsonString());

        var pinned = _app.WithDigest(result.Image.ManifestDigest).ToString();
        try
        {
            await DockerTestCli.RunAsync("pull", pinned);
            Assert.Equal("web: hello from runtime\nv1\n", await DockerTestCli.RunContainerAsync(pinned));
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(pinned);
        }
    }

    [Fact]
    public async Task Second_create_with_one_launch_layer_changed_uploads_only_that_layer_and_the_app_layer_and_restores_the_cache()
    {
        await CreateAsync();
        Assert.False(File.Exists(RestoredMarker));

        EmptyLayersDir();
        AddBuildpack("runtime-2");
        _ws.WriteFile(Path.Combine(_ws.AppDir, "app.txt"), "the app, changed");
        var uploadedBefore = _store.Statistics.BlobsUploaded;
        var second = await CreateAsync();

        Assert.Equal("cached-deps", File.ReadAllText(RestoredMarker));
        Assert.Equal(["test/runtime:runtime", "slice-1"], second.AddedLayers);
        Assert.Equal(3, _store.Statistics.BlobsUploaded - uploadedBefore); // the two layers and the config
        Assert.True(second.CacheExported);
    }

    [Fact]
    public async Task Two_creates_of_identical_inputs_give_the_same_digest()
    {
        var first = await CreateAsync();
        EmptyLayersDir();

        var second = await CreateAsync();

        Assert.Equal(first.Image.ManifestDigest, second.Image.ManifestDigest);
        Assert.Empty(second.AddedLayers);
    }
}
