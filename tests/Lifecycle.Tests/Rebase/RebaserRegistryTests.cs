using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Lifecycle.Rebase;
using Buildpacks.Lifecycle.Tests.Export;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Rebase;

/// <summary>Rebase in a real registry: only manifests and configs move.</summary>
public sealed class RebaserRegistryTests : IAsyncLifetime, IDisposable
{
    private readonly LifecycleWorkspace _ws = new();
    private RegistryServer _registry = null!;
    private RegistryStore _store = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryServer.StartAsync();
        _store = new RegistryStore(RegistrySettings());
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await _registry.DisposeAsync();
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Rebase_onto_v2_transfers_no_layer_blob_and_the_app_runs_on_v2()
    {
        await RequiredServices.RequireDockerAsync();
        var app = ImageReference.Parse($"{_registry.Address}/team/app:latest");
        var run = ImageReference.Parse($"{_registry.Address}/base/run:latest");
        var v1 = await WriteRunImageAsync(_store, run, Path.Combine(_ws.Root, "run"), "v1");
        await PrepareBuildAsync(_ws);
        await ExportAsync(
            _ws,
            Options(_ws, _store, app, run.WithDigest(v1.ManifestDigest)) with
            {
                LauncherPath = RealLauncher.Path,
                ImageAppDir = "/workspace",
                ImageLayersDir = "/layers",
            },
            runImageName: run.ToString());
        var before = await ReadAsync(_store, app);
        await WriteRunImageAsync(_store, run, Path.Combine(_ws.Root, "run"), "v2");
        var v2 = await ReadAsync(_store, run);
        var (uploaded, uploadedBytes, downloadedBytes) = (_store.Statistics.BlobsUploaded, _store.Statistics.BytesUploaded, _store.Statistics.BytesDownloaded);

        var result = await new Rebaser(_ws.Log).RebaseAsync(new RebaseRequest { Store = _store, AppImage = app }, CancellationToken.None);

        // Only the new config is uploaded and only the two configs read: v2's marker layer is mounted from its repository; its busybox layer (the same as v1's) and the app's layers are already there.
        Assert.Equal(1, _store.Statistics.BlobsUploaded - uploaded);
        Assert.Equal(result.Write!.Statistics.BytesCopied, _store.Statistics.BytesUploaded - uploadedBytes);
        Assert.True(result.Write.Statistics.BytesCopied < 16 * 1024, $"{result.Write.Statistics.BytesCopied} bytes uploaded");
        Assert.InRange(_store.Statistics.BytesDownloaded - downloadedBytes, 0, before.Manifest.Config.Size + v2.Manifest.Config.Size);
        Assert.Equal((1, 1, 8), (result.Write.Statistics.BlobsCopied, result.Write.Statistics.BlobsMounted, result.Write.Statistics.BlobsSkipped));
        Assert.Equal(v1.ManifestDigest, result.OldRunImageDigest);
        Assert.Equal(v2.Digest, result.NewRunImageDigest);

        var after = await ReadAsync(_store, app);
        Assert.Equal(result.NewImageDigest, after.Digest);
        Assert.Equal(
            v2.Layers.Select(l => l.Blob.Digest).Concat(before.Layers.Skip(2).Select(l => l.Blob.Digest)),
            after.Layers.Select(l => l.Blob.Digest));

        var pinned = app.WithDigest(after.Digest).ToString();
        try
        {
            await DockerTestCli.RunAsync("pull", pinned);
            Assert.Equal("web: hello from runtime\nv2\n", await DockerTestCli.RunContainerAsync(pinned));
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(pinned);
        }
    }
}
