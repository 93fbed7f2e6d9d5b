using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// MSBuild incrementality of the image step: publishing again with nothing changed skips it (the task says so through
/// BuildpackImageUpToDate), and a one-line code change rebuilds the image with only the app layer new; an unchanged
/// publish whose image is gone or was overwritten, or whose builder tag moved, builds again.
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

                // Local execution kept the app directory of the first build: the edit copied the files it changed only.
                var synced = System.Text.RegularExpressions.Regex.Match(third.Log, @"Updated the build's app directory .*: ([0-9]+) file\(s\) copied, ([0-9]+) unchanged, ([0-9]+) removed");
                Assert.True(synced.Success, "the third publish updated the kept app directory");
                var (copiedFiles, unchangedFiles) = (int.Parse(synced.Groups[1].Value), int.Parse(synced.Groups[2].Value));
                Assert.InRange(copiedFiles, 1, 4);
                Assert.True(unchangedFiles > copiedFiles, $"{unchangedFiles} unchanged, {copiedFiles} copied");

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

    [Fact]
    public async Task AnOverwrittenImageTagOrAMovedBuilderTagInTheRegistryBuildsAgain()
    {
        using var project = await TestProject.CreateAsync(AppKind.Console, "Hello, stale", "StaleRegistry");
        var image = SampleServices.UniqueRepository("stale") + ":1";
        var builder = SampleServices.UniqueRepository("stale-builder") + ":1";
        await Skopeo.CopyAsync("docker://" + SampleServices.Builder, "docker://" + builder, format: "v2s2");
        string[] arguments = [$"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Local", $"-p:BuildpackBuilder={builder}", "-p:BuildpackTrustBuilder=true"];
        try
        {
            (await project.PublishAsync(arguments)).EnsureSucceeded();
            Assert.Equal("true", (await project.PublishAsync(arguments)).EnsureSucceeded().Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);

            // Someone pushed another image to the tag: the stamp's image is not what the tag names any more.
            await Skopeo.CopyAsync($"docker://{SampleServices.Registry}/buildpacks-samples/run:bookworm", "docker://" + image);
            var overwritten = (await project.PublishAsync(arguments)).EnsureSucceeded();
            Assert.NotEqual("true", overwritten.Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);
            overwritten.EnsureLogContains($"the image {image} now points to");
            Assert.Equal(overwritten.Output("BuildpackImageDigest"), await Skopeo.DigestAsync("docker://" + image));
            Assert.Equal("true", (await project.PublishAsync(arguments)).EnsureSucceeded().Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);

            // The builder's tag moved (here to the same builder in another manifest format: a new digest).
            await Skopeo.CopyAsync("docker://" + SampleServices.Builder, "docker://" + builder, format: "oci");
            var moved = (await project.PublishAsync(arguments)).EnsureSucceeded();
            Assert.NotEqual("true", moved.Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);
            moved.EnsureLogContains($"the input image {builder} now points to");
            Assert.Equal("true", (await project.PublishAsync(arguments)).EnsureSucceeded().Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);
        }
        finally
        {
            await ImageRunner.RemoveImagesAsync(image);
        }
    }

    [Fact]
    public async Task ARemovedDaemonImageOrARetaggedBuilderInTheDaemonBuildsAgain()
    {
        using var project = await TestProject.CreateAsync(AppKind.Console, "Hello, stale daemon", "StaleDaemon");
        var image = DockerTestCli.UniqueRepository("stale-daemon") + ":1";
        var builder = DockerTestCli.UniqueRepository("stale-daemon-builder") + ":1";
        await RetagAsync(builder, "first");
        string[] arguments = [$"-p:BuildpackImage={image}", "-p:BuildpackExecution=Container", $"-p:BuildpackBuilder={builder}", "-p:BuildpackTrustBuilder=true"];
        try
        {
            (await project.PublishAsync(arguments)).EnsureSucceeded();
            Assert.Equal("true", (await project.PublishAsync(arguments)).EnsureSucceeded().Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);

            await DockerTestCli.RemoveImagesAsync(image);
            var removed = (await project.PublishAsync(arguments)).EnsureSucceeded();
            Assert.NotEqual("true", removed.Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);
            removed.EnsureLogContains($"{image} is no longer in the daemon"); // named in full, docker.io/bp-test/…
            Assert.Equal("Hello, stale daemon", (await ImageRunner.RunToEndAsync(image)).Trim());

            // The builder's tag now names another image (the same builder with a label more: a new image ID).
            await RetagAsync(builder, "second");
            var moved = (await project.PublishAsync(arguments)).EnsureSucceeded();
            Assert.NotEqual("true", moved.Output("BuildpackImageUpToDate"), StringComparer.OrdinalIgnoreCase);
            moved.EnsureLogContains($"{builder} now points to");
        }
        finally
        {
            await ImageRunner.RemoveImagesAsync(image, builder);
        }
    }

    // The sample builder under another name in the daemon, with a label that makes each version its own image.
    private static async Task RetagAsync(string name, string version)
    {
        await DockerTestCli.RunAsync("pull", SampleServices.Builder);
        var result = await ProcessRunner.RunAsync(
            "docker",
            ["-H", "unix://" + RequiredServices.DockerSocket, "build", "--network", "none", "-t", name, "-"],
            standardInput: $"FROM {SampleServices.Builder}\nLABEL io.buildpacks.msbuild.test.version={version}\n",
            timeout: TimeSpan.FromMinutes(3));
        result.EnsureSuccess($"docker build -t {name}");
    }
}
