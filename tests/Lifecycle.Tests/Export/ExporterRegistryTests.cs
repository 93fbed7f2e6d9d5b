using Buildpacks.Lifecycle.Logging;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>Exports to a real registry on loopback: what moves over the wire on a first and a second build.</summary>
public sealed class ExporterRegistryTests : IAsyncLifetime, IDisposable
{
    private readonly LifecycleWorkspace _ws = new();
    private RegistryServer _registry = null!;
    private RegistryStore _store = null!;
    private ImageReference _app = null!;
    private ImageReference _run = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryServer.StartAsync();
        _store = new RegistryStore(RegistrySettings());
        _app = ImageReference.Parse($"{_registry.Address}/team/app:latest");
        _run = ImageReference.Parse($"{_registry.Address}/base/run:latest");
        await WriteRunImageAsync(_store, _run, Path.Combine(_ws.Root, "run"));
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _registry.DisposeAsync();
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task First_export_mounts_the_run_image_layers_from_their_repository_instead_of_uploading_them()
    {
        await PrepareBuildAsync(_ws);

        var result = await ExportAsync(_ws, Options(_ws, _store, _app, _run));

        Assert.Equal(2, result.Image.Statistics.BlobsMounted);
        Assert.Empty(result.ReusedLayers);
        var image = await ReadAsync(_store, _app);
        Assert.Equal(result.Image.ManifestDigest, image.Digest);
        Assert.Equal("hello from runtime", await File.ReadAllTextAsync(Path.Combine(_ws.BuildpackLayersDir("test/runtime"), "runtime", "env.launch", "GREETING")));
    }

    [Fact]
    public async Task Second_export_with_one_launch_layer_changed_uploads_only_that_layer_the_app_layer_and_the_config()
    {
        await PrepareBuildAsync(_ws, runtimeContent: "runtime-1");
        var first = await ExportAsync(_ws, Options(_ws, _store, _app, _run));

        // Rebuild with a changed runtime layer and a changed app file.
        AddFixtureBuildpack(_ws, runtimeContent: "runtime-2");
        _ws.WriteFile(Path.Combine(_ws.AppDir, "app.txt"), "the app, changed");
        await _ws.BuildAsync();
        var uploadedBefore = _store.Statistics.BlobsUploaded;
        var second = await ExportAsync(_ws, Options(_ws, _store, _app, _run) with { PreviousImage = _app });

        Assert.Equal(3, _store.Statistics.BlobsUploaded - uploadedBefore);
        Assert.Equal(3, second.Image.Statistics.BlobsCopied);
        // The log says what moved, in bytes: the last line of its kind is the second export's.
        var written = _ws.Log.Messages.Last(m => m.Message.StartsWith("*** Blobs written: ", StringComparison.Ordinal));
        Assert.Equal(LifecycleLogLevel.Info, written.Level);
        Assert.Matches(@"^\*\*\* Blobs written: 3 \([0-9]+\.[0-9]{2} MB\); [0-9]+ already there, 0 mounted$", written.Message);
        Assert.Equal(["test/runtime:runtime", "slice-1"], second.AddedLayers);
        Assert.Equal(
            ["test/runtime:tools", "buildpacksio/lifecycle:launch.sbom", "buildpacksio/lifecycle:launcher", "buildpacksio/lifecycle:config", "buildpacksio/lifecycle:process-types"],
            second.ReusedLayers);
        Assert.NotEqual(first.Image.ManifestDigest, second.Image.ManifestDigest);
        var image = await ReadAsync(_store, _app);
        Assert.Equal(second.Image.ManifestDigest, image.Digest);
    }

    [Fact]
    public async Task Export_with_an_unchanged_build_uploads_only_nothing_new_and_gives_the_same_digest()
    {
        await PrepareBuildAsync(_ws);
        var first = await ExportAsync(_ws, Options(_ws, _store, _app, _run));

        var uploadedBefore = _store.Statistics.BlobsUploaded;
        var second = await ExportAsync(_ws, Options(_ws, _store, _app, _run) with { PreviousImage = _app });

        Assert.Equal(first.Image.ManifestDigest, second.Image.ManifestDigest);
        Assert.Equal(0, _store.Statistics.BlobsUploaded - uploadedBefore);
        Assert.Empty(second.AddedLayers);
    }
}
