using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// Where the image goes besides a registry: the Docker daemon (Container mode's default), an OCI layout directory
/// (skopeo reads it) and an archive (`docker load` takes it); each image then runs. One kind of app per destination, so
/// that web, worker and console projects are all published.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class DestinationTests(WebProjectFixture web, ConsoleProjectFixture console)
{
    [Fact]
    public async Task ContainerModeWithoutPublishPutsTheImageIntoTheDaemon()
    {
        var project = web.Project;
        var image = $"{DockerTestCli.UniqueRepository("publish-daemon")}:1";
        await LeakCheck.AroundAsync(project, async () =>
        {
            try
            {
                var result = await project.PublishAsync($"-p:BuildpackImage={image}", "-p:BuildpackExecution=Container");
                result.EnsureSucceeded();
                var id = (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", image)).Trim();
                Assert.StartsWith("sha256:", id, StringComparison.Ordinal);
                Assert.Equal(web.Message, await ImageRunner.GetRootAsync(image));
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(image);
            }
        });
    }

    [Fact]
    public async Task LayoutOutputIsAnOciLayoutSkopeoReadsAndItsImageRuns()
    {
        const string message = "Hello from an OCI layout";
        using var project = await TestProject.CreateAsync(AppKind.Worker, message, "LayoutWorker");
        var layout = project.Output("layout");
        var image = $"{DockerTestCli.UniqueRepository("publish-layout")}:1";
        await LeakCheck.AroundAsync(project, async () =>
        {
            var result = await project.PublishAsync(
                $"-p:BuildpackImage={image}", "-p:BuildpackExecution=Local", $"-p:BuildpackLayoutOutputPath={layout}");
            result.EnsureSucceeded();

            Assert.Equal(await Skopeo.DigestAsync($"oci:{layout}"), result.Output("BuildpackImageDigest"));
            Assert.Contains(await Skopeo.LabelsAsync($"oci:{layout}"), label => label.Key == "io.buildpacks.lifecycle.metadata");
            try
            {
                await Skopeo.CopyToDaemonAsync($"oci:{layout}", image);
                await ImageRunner.WaitForLogAsync(image, message);
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(image);
            }
        });
    }

    [Fact]
    public async Task ArchiveOutputIsLoadedByDockerAndItsImageRuns()
    {
        var project = console.Project;
        var archive = project.Output("app.tar");
        var image = $"{DockerTestCli.UniqueRepository("publish-archive")}:1";
        await LeakCheck.AroundAsync(project, async () =>
        {
            var result = await project.PublishAsync(
                $"-p:BuildpackImage={image}", "-p:BuildpackExecution=Local", $"-p:BuildpackArchiveOutputPath={archive}");
            result.EnsureSucceeded();
            try
            {
                var loaded = await DockerTestCli.RunAsync("load", "--input", archive);
                Assert.Contains(image, loaded, StringComparison.Ordinal);
                Assert.Equal(console.Message, (await ImageRunner.RunToEndAsync(image)).Trim());
            }
            finally
            {
                await ImageRunner.RemoveImagesAsync(image);
            }
        });
    }
}
