using Buildpacks.Images.References;
using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.Platform.Docker.Tests.Support.Contract;
using Buildpacks.Platform.Execution;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// Container execution through Podman's Engine API service (Podman 4.3, build/podman.sh): the web app built by the
/// creator of a trusted builder and by the five phases of an untrusted one (the analyzer, restorer and exporter from a
/// lifecycle image), into the registry and into Podman's own storage, against the contract double; the image answers
/// HTTP. Podman's service socket is root's 0600, so the exporting phases must dial it before they become the build user,
/// as the reference lifecycle does.
/// </summary>
[Collection(ContainerBuildsCollection.Name)]
public sealed class PodmanTests(ContainerBuildApps apps, PodmanService podman, ITestOutputHelper output) : IClassFixture<PodmanService>
{
    // Into Podman's own storage; Publish.Tests' PodmanPublishTests publish to the registry through Podman, both ways.
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task The_web_app_builds_through_Podman_and_answers_HTTP(bool trusted, bool toRegistry)
    {
        var images = await ContractImages.ForAsync("0.15");
        podman.Pulled(images.Builder, images.LifecycleImage, TestBuilds.RunImage);
        var repository = DockerTestCli.UniqueRepository($"podman-{(trusted ? "creator" : "phases")}");
        var tag = toRegistry ? $"127.0.0.1:5000/{repository}:1" : $"localhost/{repository}:1";
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Web, tag, trusted, images.LifecycleImage) with
        {
            Builder = ImageReference.Parse(images.Builder),
            Destination = toRegistry ? ImageDestination.Registry : ImageDestination.Daemon,
            DockerHost = "unix://" + PodmanService.Socket,
        };
        string? container = null;
        string? pulled = null;
        try
        {
            var result = await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            Assert.Empty(ContractRecord.Refusals(log));
            var records = ContractRecord.From(log);
            Assert.Equal(trusted ? ["creator"] : ["analyzer", "detector", "restorer", "builder", "exporter"], records.Select(r => r.Phase));
            Assert.All(records.Where(r => r.Phase is not ("detector" or "builder")), r => Assert.Equal(!toRegistry, r.Socket is not null));
            pulled = toRegistry ? $"127.0.0.1:5000/{repository}@{result.ManifestDigest}" : null;
            var run = pulled ?? tag;
            var port = WebProbe.FreePort();
            container = (await PodmanService.RunAsync("run", "-d", "--network", "host", "-e", $"ASPNETCORE_URLS=http://127.0.0.1:{port}", run)).Trim();
            Assert.Equal("Hello World!", await WebProbe.GetAsync($"http://127.0.0.1:{port}/"));
        }
        finally
        {
            if (container is not null)
            {
                await PodmanService.TryRunAsync("rm", "--force", container);
            }

            await PodmanService.AssertNothingLeftAsync(log.BuildId);
            await PodmanService.TryRunAsync("image", "rm", "--force", pulled ?? tag);

            var app = ImageReference.Parse(tag);
            await PodmanService.TryRunAsync("volume", "rm", "--force", CacheVolumeNames.Build(app), CacheVolumeNames.Launch(app));
        }
    }
}
