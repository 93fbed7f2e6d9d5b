using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Cli;
using Buildpacks.Lifecycle.Files;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Cli;

/// <summary>
/// The NativeAOT <c>creator</c>, started as root as a trusted builder starts it, exporting to each of the four targets;
/// every image then runs under <c>docker run</c> (default process and <c>/cnb/process/worker</c>) and shows its labels to
/// <c>skopeo inspect</c>.
/// </summary>
public sealed class CreatorBinaryTests : IAsyncLifetime
{
    private CreatorBinaryKit _kit = null!;

    public async Task InitializeAsync()
    {
        Assert.True(Environment.UserName == "root", "this suite runs as root, like CI: the creator must drop privileges");
        await RequiredServices.RequireDockerAsync();
        _kit = await CreatorBinaryKit.StartAsync();
    }

    public async Task DisposeAsync() => await _kit.DisposeAsync();

    [Fact]
    public async Task The_lifecycle_binary_is_at_most_25_MB_and_the_launcher_at_most_5_MB()
    {
        Assert.InRange(new FileInfo(await Launch.NativeBinaries.PathAsync("lifecycle")).Length, 1, 25 * 1024 * 1024);
        Assert.InRange(new FileInfo(await Launch.NativeBinaries.PathAsync("launcher")).Length, 1, 5 * 1024 * 1024);
    }

    [Fact]
    public async Task Creator_started_as_root_exports_to_the_registry_as_the_build_user()
    {
        var app = $"{_kit.Registry.Address}/team/app:1";

        var result = await _kit.RunCreatorAsync(app, ["-tag", $"{_kit.Registry.Address}/team/app:latest"]);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("===> DETECTING", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Running as uid {CreatorBinaryKit.BuildUser}", result.StandardOutput, StringComparison.Ordinal);
        _kit.AssertLayersOwnedByTheBuildUser();
        var report = ReportToml.Read(_kit.ReportPath);
        Assert.Contains($"*** Digest: {report.Digest}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal([app, $"{_kit.Registry.Address}/team/app:latest"], report.Tags);
        await _kit.AssertLabelsAsync($"docker://{app}");
        Assert.True(Directory.EnumerateFiles(Path.Combine(_kit.CacheDir, "committed"), "*.tar").Any(), "the cache directory was committed");

        var pinned = $"{_kit.Registry.Address}/team/app@{report.Digest}";
        try
        {
            await DockerTestCli.RunAsync("pull", pinned);
            await CreatorBinaryKit.AssertProcessesRunAsync(pinned);
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(pinned);
        }
    }

    [Fact]
    public async Task Creator_exports_to_an_oci_layout_directory_at_lifecycles_registry_repository_tag_path()
    {
        var layouts = new LayoutDirectoryStore(Path.Combine(_kit.Workspace.Root, "layout-repo"));
        // In layout mode the run image is read from the layout directory too.
        await Export.ExportTestKit.WriteRunImageAsync(layouts, _kit.RunImage, Path.Combine(_kit.Workspace.Root, "run-scratch"));
        // The platform hands the build user a writable layout volume, as it does the layers volume.
        Privileges.Process.EnsureOwner(layouts.Root, CreatorBinaryKit.BuildUser, CreatorBinaryKit.BuildUser);
        var app = ImageReference.Parse("example.com/team/app:1");

        var refused = await _kit.RunCreatorAsync(app.ToString(), ["-layout", "-layout-dir", layouts.Root]);
        var result = await _kit.RunCreatorAsync(app.ToString(), ["-layout", "-layout-dir", layouts.Root], new Dictionary<string, string?> { ["CNB_EXPERIMENTAL_MODE"] = "warn" });

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("experimental", refused.StandardError, StringComparison.Ordinal);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var path = Path.Combine(layouts.Root, "example.com", "team", "app", "1");
        Assert.Equal(layouts.PathOf(app), path);
        Assert.True(File.Exists(Path.Combine(path, "index.json")));
        await _kit.AssertLabelsAsync($"oci:{path}");

        var name = DockerTestCli.UniqueRepository("cli-layout") + ":1";
        try
        {
            await ProcessRunner.RunAsync(RequiredServices.RequireTool("skopeo"), ["copy", $"oci:{path}", $"docker-daemon:{name}"]).ContinueWith(t => t.Result.EnsureSuccess("skopeo copy"));
            await CreatorBinaryKit.AssertProcessesRunAsync(name);
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(name);
        }
    }

    [Fact]
    public async Task Creator_exports_to_an_archive_that_docker_loads()
    {
        var archive = Path.Combine(_kit.Workspace.Root, "out", "app.tar");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        File.SetUnixFileMode(Path.GetDirectoryName(archive)!, (UnixFileMode)0x1FF);
        var name = DockerTestCli.UniqueRepository("cli-archive") + ":1";

        var result = await _kit.RunCreatorAsync(name, ["-archive", archive]);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        await _kit.AssertLabelsAsync($"docker-archive:{archive}");
        try
        {
            var loaded = await DockerTestCli.RunAsync("load", "-i", archive);
            Assert.Contains(name, loaded, StringComparison.Ordinal);
            await CreatorBinaryKit.AssertProcessesRunAsync(name);
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(name);
        }
    }

    [Fact]
    public async Task Creator_exports_to_the_daemon_over_the_engine_api_after_dropping_privileges()
    {
        // With -daemon the run image is read from the daemon, as the reference lifecycle does.
        var run = _kit.RunImage.ToString();
        var name = DockerTestCli.UniqueRepository("cli-daemon") + ":1";
        try
        {
            await DockerTestCli.RunAsync("pull", run);

            var result = await _kit.RunCreatorAsync(name, ["-daemon"]);

            Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
            Assert.Contains($"Running as uid {CreatorBinaryKit.BuildUser}", result.StandardOutput, StringComparison.Ordinal);
            await _kit.AssertLabelsAsync($"docker-daemon:{name}");
            await CreatorBinaryKit.AssertProcessesRunAsync(name);
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(name, run);
        }
    }
}
