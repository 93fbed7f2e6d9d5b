using System.Text.Json;
using Buildpacks.Images.References;
using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.Platform.Execution;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

[Collection(ContainerBuildsCollection.Name)]
public sealed class DestinationTests(ContainerBuildApps apps, ITestOutputHelper output)
{
    [Fact]
    public async Task An_untrusted_builder_runs_five_phases_and_pushes_a_web_app_that_answers_HTTP()
    {
        var tag = $"127.0.0.1:5000/{DockerTestCli.UniqueRepository("five-phases")}:1";
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Web, tag, trusted: false, apps.LifecycleImage) with { Destination = ImageDestination.Registry };
        string? container = null;
        try
        {
            var result = await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            Assert.Equal(["analyzer", "detector", "restorer", "builder", "exporter"], log.Phases);
            Assert.StartsWith("sha256:", result.ManifestDigest, StringComparison.Ordinal);
            await DockerTestCli.RunAsync("pull", $"{tag.Split(':')[0]}:{tag.Split(':')[1]}@{result.ManifestDigest}");
            var port = WebProbe.FreePort();
            container = (await DockerTestCli.RunAsync("run", "-d", "--network", "host", "-e", $"ASPNETCORE_URLS=http://127.0.0.1:{port}", tag)).Trim();
            Assert.Equal("Hello World!", await WebProbe.GetAsync($"http://127.0.0.1:{port}/"));
        }
        finally
        {
            if (container is not null)
            {
                await DockerTestCli.TryRunAsync("rm", "-f", container);
            }

            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(tag);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }

    [Fact]
    public async Task An_OCI_layout_destination_gets_the_image_and_the_temporary_daemon_name_goes()
    {
        using var temp = new TempDirectory("docker-exec-layout");
        var layout = temp.Combine("layout");
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, "example.com/team/console:1.0") with { Destination = new ImageDestination(ImageDestinationKind.Layout, layout) };
        try
        {
            var result = await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            var inspect = await ProcessRunner.RunAsync(RequiredServices.RequireTool("skopeo"), ["inspect", $"oci:{layout}"], timeout: TimeSpan.FromMinutes(1));
            using var json = JsonDocument.Parse(inspect.EnsureSuccess("skopeo inspect").StandardOutput);
            Assert.Equal(result.ManifestDigest, json.RootElement.GetProperty("Digest").GetString());
            Assert.False((await DockerTestCli.TryRunAsync("image", "inspect", $"buildpacks-msbuild.local/export/{log.BuildId}:latest")).ExitCode == 0, "the temporary export name remains in the daemon");
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveCacheVolumesAsync(request.Tags[0].ToString());
        }
    }

    [Fact]
    public async Task An_archive_destination_gets_an_image_docker_load_takes_and_runs()
    {
        using var temp = new TempDirectory("docker-exec-archive");
        var archive = temp.Combine("console.tar");
        var tag = TestBuilds.UniqueTag("archive");
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, tag) with { Destination = new ImageDestination(ImageDestinationKind.Archive, archive), Labels = [new("org.example.kind", "archive")] };
        try
        {
            var result = await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            Assert.False((await DockerTestCli.TryRunAsync("image", "inspect", tag)).ExitCode == 0, "the image went to the daemon under its own name");
            await DockerTestCli.RunAsync("load", "-i", archive);
            Assert.Equal(result.ImageId, (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", tag)).Trim());
            Assert.Equal("archive", (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{index .Config.Labels \"org.example.kind\"}}", tag)).Trim());
            Assert.Contains("Hello, World!", await DockerTestCli.RunContainerAsync(tag), StringComparison.Ordinal);
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(tag);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }

    [Fact]
    public async Task A_rebuild_restores_the_kept_cache_volume_and_reuses_layers()
    {
        // To the registry (DaemonRebuildTests rebuilds into the daemon).
        var tag = $"127.0.0.1:5000/{DockerTestCli.UniqueRepository("rebuild")}:1";
        var cacheVolume = CacheVolumeNames.Build(ImageReference.Parse(tag));
        var first = new RecordingBuildLog(output);
        var second = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, tag) with { Destination = ImageDestination.Registry };
        try
        {
            var built = await new ContainerExecution().BuildAsync(request, first, CancellationToken.None);
            await TestBuilds.AssertNothingLeftAsync(first.BuildId);
            await DockerTestCli.RunAsync("volume", "inspect", cacheVolume);

            var rebuilt = await new ContainerExecution().BuildAsync(request, second, CancellationToken.None);

            var lines = second.PhaseLines.Select(p => p.Line).ToList();
            Assert.Contains(lines, l => l.Contains("Reusing", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("Layer cache not found", StringComparison.Ordinal));
            Assert.Equal(built.ManifestDigest, rebuilt.ManifestDigest);
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(second.Lines.Count > 0 ? second.BuildId : first.BuildId);
            await TestBuilds.RemoveVolumesAsync(cacheVolume);
        }
    }
}
