using Buildpacks.Images;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Container;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>What Container execution does after the lifecycle exported to the daemon: the labels no lifecycle takes.</summary>
public sealed class ExportFinisherDaemonTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_image_the_lifecycle_wrote_is_labelled_even_when_its_tag_names_another_by_then(bool idWithAlgorithm)
    {
        await RequiredServices.RequireDockerAsync();
        using var temp = new TempDirectory("export-finisher-daemon");
        var tag = ImageReference.Parse($"{DockerTestCli.UniqueRepository("finish")}:1");
        using var daemon = new DaemonImageStore(
            new EngineApiClient(DaemonEndpoint.Resolve("unix://" + RequiredServices.DockerSocket)),
            new DaemonImageStoreOptions { CacheDirectory = temp.Combine("cache") },
            ownsApi: true);
        var written = new List<string>();
        try
        {
            var ours = await daemon.WriteImageAsync(Image(tag, temp, "ours"), CancellationToken.None);
            written.Add(ours.ImageId.ToString());

            // A `docker tag` or another build gives the name to another image between the lifecycle's export and the finish.
            var theirs = await daemon.WriteImageAsync(Image(tag, temp, "theirs"), CancellationToken.None);
            written.Add(theirs.ImageId.ToString());
            var request = new BuildRequest
            {
                AppDirectory = temp.Path,
                Tags = [tag],
                Builder = ImageReference.Parse("example.test/finish/builder:1"),
                Destination = ImageDestination.Daemon,
                Labels = [new("org.example.team", "shop")],
            };
            var reportedId = idWithAlgorithm ? ours.ImageId.ToString() : ours.ImageId.Hex;
            var report = new ImageReport([tag.ToString()], reportedId, null, null);

            var result = await new ExportFinisher(request, daemon, ImagePlatform.LinuxAmd64, SilentBuildLog.Instance).FinishAsync([tag], report, CancellationToken.None);
            written.Add(result.ImageId);

            var finished = (await daemon.TryReadImageAsync(tag, ImagePlatform.LinuxAmd64, CancellationToken.None))!;
            Assert.Equal(result.ImageId, finished.ImageId.ToString());
            Assert.Equal("shop", finished.Config.Config!.Labels!["org.example.team"]);
            Assert.Equal("ours", finished.Config.Config.Labels["test.content"]);
        }
        finally
        {
            await DockerTestCli.TryRunAsync(["rmi", "-f", tag.ToString(), .. written]);
        }
    }

    private static ImageWriteRequest Image(ImageReference tag, TempDirectory temp, string content)
    {
        var layer = TestLayerFile.Write(temp.Combine("layers-" + content), new Dictionary<string, (byte[], UnixFileMode)>
        {
            ["workspace/app.txt"] = (System.Text.Encoding.UTF8.GetBytes(content), (UnixFileMode)0b110_100_100),
        });
        return new ImageWriteRequest
        {
            Tags = [tag],
            Layers = [new LayerToWrite(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Parse(layer.Digest), Size = layer.Size }, Digest.Parse(layer.DiffId), new FileLayerContent(layer.Path))],
            Config = new ImageConfig
            {
                Os = "linux",
                Architecture = "amd64",
                Config = new ContainerConfig { Labels = new Dictionary<string, string> { ["test.content"] = content } },
            },
        };
    }
}
