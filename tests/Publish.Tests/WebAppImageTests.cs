using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// The main job: `dotnet publish -p:BuildpackImage=… -p:BuildpackPublish=true` of a web app pushes an image to the
/// loopback registry that, pulled and run, answers HTTP with the app's response; in Container and in Local mode,
/// framework-dependent and self-contained. Both modes build the same image, to the digest, from the same inputs.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class WebAppImageTests(WebProjectFixture web)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BothModesPushTheSameImageAndItAnswersWithTheAppsResponse(bool selfContained)
    {
        var digests = new Dictionary<string, string>();
        foreach (var execution in new[] { "Container", "Local" })
        {
            var image = SampleServices.UniqueRepository($"web-{execution.ToLowerInvariant()}-{(selfContained ? "sc" : "fd")}") + ":1";
            await LeakCheck.AroundAsync(web.Project, async () =>
            {
                string[] runtime = selfContained ? ["-r", "linux-x64", "--self-contained"] : [];
                var result = await web.Project.PublishAsync(
                [
                    $"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}", .. runtime,
                ]);

                result.EnsureSucceeded();
                try
                {
                    // The digest the registry has is the one the task gave later targets.
                    digests[execution] = await Skopeo.DigestAsync("docker://" + image);
                    Assert.Equal(digests[execution], result.Output("BuildpackImageDigest"));
                    Assert.Equal(web.Message, await ImageRunner.GetRootAsync(image));
                }
                finally
                {
                    await ImageRunner.RemoveImagesAsync(image);
                }
            });
        }

        Assert.Equal(digests["Container"], digests["Local"]);
    }
}
