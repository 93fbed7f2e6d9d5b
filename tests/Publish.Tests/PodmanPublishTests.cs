using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// `dotnet publish` of HelloWeb with Container execution through Podman's Engine API service
/// (<c>BuildpackDockerHost=unix:///run/podman/podman.sock</c>, build/podman.sh): the sample builder trusted (the creator)
/// and untrusted (five phases; the analyzer, restorer and exporter from the sample lifecycle image), pushed to the
/// loopback registry; the image answers HTTP. Nothing labelled by the build stays in Podman.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class PodmanPublishTests(WebProjectFixture web)
{
    private const string Socket = "/run/podman/podman.sock";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HelloWeb_published_through_Podman_answers_HTTP(bool trusted)
    {
        var image = SampleServices.UniqueRepository($"podman-{(trusted ? "creator" : "phases")}") + ":1";
        string[] trust = trusted ? [] : ["-p:BuildpackTrustBuilder=false"];
        var cacheVolumesBefore = await CacheVolumesAsync();
        try
        {
            await LeakCheck.AroundAsync(web.Project, async () =>
            {
                var result = await web.Project.PublishAsync(
                [
                    $"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Container", $"-p:BuildpackDockerHost=unix://{Socket}", .. trust,
                ]);

                result.EnsureSucceeded();
                try
                {
                    result.EnsureLogContains(trusted ? "Running the creator" : "Running the exporter");
                    Assert.Equal(web.Message, await ImageRunner.GetRootAsync(image));
                }
                finally
                {
                    await ImageRunner.RemoveImagesAsync(image);
                }
            });
        }
        finally
        {
            var left = await PodmanAsync("ps", "-a", "-q", "--filter", $"label={LeakCheck.LabelPrefix}.build");
            left += await PodmanAsync("volume", "ls", "-q", "--filter", $"label={LeakCheck.LabelPrefix}.build");
            left += await PodmanAsync("images", "-q", "--filter", $"label={LeakCheck.LabelPrefix}.build");

            // The cache volumes the build kept (on purpose), and the images Podman pulled for it.
            foreach (var volume in (await CacheVolumesAsync()).Except(cacheVolumesBefore))
            {
                await PodmanAsync("volume", "rm", "--force", volume);
            }

            await PodmanAsync("image", "rm", "--force", SampleServices.Builder, SampleServices.RunImage, SampleServices.LifecycleImage);
            Assert.True(left.Trim().Length == 0, $"the build left containers or volumes in Podman: {left}");
        }
    }

    private static async Task<IReadOnlyList<string>> CacheVolumesAsync() =>
        (await PodmanAsync("volume", "ls", "--format", "{{.Name}}")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(v => v.StartsWith(LeakCheck.CacheVolumePrefix, StringComparison.Ordinal)).ToList();

    private static async Task<string> PodmanAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync(RequiredServices.RequireTool("podman"), arguments, timeout: TimeSpan.FromMinutes(2))).StandardOutput;
}
