using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>An exported image runs: the real NativeAOT launcher starts the buildpack's processes under Docker.</summary>
public sealed class ExporterDockerTests : IDisposable
{
    private readonly LifecycleWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task An_exported_archive_loads_into_docker_and_runs_the_default_and_another_process()
    {
        await RequiredServices.RequireDockerAsync();
        var runStore = new OciLayoutImageStore(Path.Combine(_ws.Root, "run-layout"));
        var run = ImageReference.Parse("example.com/base/run:latest");
        await WriteRunImageAsync(runStore, run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);
        var app = ImageReference.Parse(DockerTestCli.UniqueRepository("export"));
        var archive = new ImageArchiveStore(Path.Combine(_ws.Root, "app.tar"));

        await ExportAsync(_ws, Options(_ws, archive, app, run) with
        {
            RunImageStore = runStore,
            LauncherPath = RealLauncher.Path,
            ImageAppDir = "/workspace",
            ImageLayersDir = "/layers",
        });

        try
        {
            await DockerTestCli.RunAsync("load", "-i", archive.Path);
            var web = await DockerTestCli.RunContainerAsync(app.ToFamiliarString());
            Assert.Equal("web: hello from runtime\nv1\n", web);
            var worker = await DockerTestCli.RunAsync("run", "--rm", "--network", "none", "--entrypoint", "/cnb/process/worker", app.ToFamiliarString());
            Assert.Equal("worker running\n", worker);
            var user = await DockerTestCli.RunAsync("run", "--rm", "--network", "none", "--entrypoint", "/cnb/process/worker", app.ToFamiliarString(), "uid", "$(id -u)");
            Assert.Equal("worker uid $(id -u)\n", user);
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(app.ToFamiliarString());
        }
    }
}

/// <summary>The NativeAOT launcher that build/build-binaries.sh publishes.</summary>
internal static class RealLauncher
{
    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Buildpacks.MSBuild.sln")))
            {
                directory = directory.Parent;
            }

            var launcher = directory is null ? null : System.IO.Path.Combine(directory.FullName, "artifacts", "bin", "linux-x64", "launcher");
            return launcher is not null && File.Exists(launcher)
                ? launcher
                : throw new InvalidOperationException("The launcher binary is missing: run 'bash build/build-binaries.sh launcher' (the test command does).");
        }
    }
}
