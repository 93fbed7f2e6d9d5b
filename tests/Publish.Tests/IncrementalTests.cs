using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// MSBuild incrementality of the image step: publishing again with nothing changed skips it (the task says so through
/// BuildpackImageUpToDate), and a one-line code change rebuilds the image with only the app layer new.
/// </summary>
public sealed class IncrementalTests
{
    [Fact]
    public async Task UnchangedRepublishSkipsTheImageAndACodeChangeMakesOnlyTheAppLayerNew()
    {
        using var project = await TestProject.CreateAsync(AppKind.Web, "Hello, first version", "IncrementalWeb");
        var image = SampleServices.UniqueRepository("incremental") + ":1";
        string[] arguments = [$"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Local"];
        await LeakCheck.AroundAsync(project, async () =>
        {
            try
            {
                var first = (await project.PublishAsync(arguments)).EnsureSucceeded();
                Assert.NotEqual("true", first.Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);
                var firstDigest = await Skopeo.DigestAsync("docker://" + image);
                var firstLayers = await Skopeo.LayersAsync("docker://" + image);

                var second = (await project.PublishAsync(arguments)).EnsureSucceeded();
                Assert.Equal("true", second.Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);
                second.EnsureLogContains(Codes.Of(Messages.ImageUpToDate) + ": ");
                Assert.Equal(firstDigest, await Skopeo.DigestAsync("docker://" + image));

                project.SetMessage("Hello, second version");
                var third = (await project.PublishAsync(arguments)).EnsureSucceeded();
                Assert.NotEqual("true", third.Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);
                Assert.NotEqual(firstDigest, third.Output("BuildpackImageDigest"));
                var thirdLayers = await Skopeo.LayersAsync("docker://" + image);

                Assert.Equal(firstLayers.Count, thirdLayers.Count);
                var changed = Enumerable.Range(0, firstLayers.Count).Where(i => firstLayers[i] != thirdLayers[i]).ToList();
                var only = Assert.Single(changed);

                // The one new layer is the app layer: the one with the published assembly under the app dir.
                var layout = project.Output("after-change");
                await Skopeo.CopyToLayoutAsync("docker://" + image, layout, "1");
                var layers = await LayoutLayers.ReadAsync(layout, "1");
                Assert.Contains("workspace/IncrementalWeb.dll", layers[only]);

                Assert.Equal("Hello, second version", await ImageRunner.GetRootAsync(image));
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(image);
            }
        });
    }
}
