using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// The main job: `dotnet publish -p:BuildpackImage=… -p:BuildpackPublish=true` of a web app pushes an image to the
/// loopback registry that, pulled and run, answers HTTP with the app's response; in Container and in Local mode,
/// framework-dependent and self-contained.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class WebAppImageTests(WebProjectFixture web)
{
    [Theory]
    [InlineData("Container", false)]
    [InlineData("Container", true)]
    [InlineData("Local", false)]
    [InlineData("Local", true)]
    public async Task PublishedImageAnswersWithTheAppsResponse(string execution, bool selfContained)
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
                Assert.Equal(await Skopeo.DigestAsync("docker://" + image), result.Output("BuildpackImageDigest"));
                Assert.Equal(web.Message, await ImageRunner.GetRootAsync(image));
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(image);
            }
        });
    }
}
