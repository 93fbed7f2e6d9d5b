using Buildpacks.Images;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Container;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution.Container;

/// <summary>What Container execution does after the lifecycle exported to a registry: the labels no lifecycle takes.</summary>
public sealed class ExportFinisherTests
{
    [Fact]
    public async Task The_image_the_lifecycle_wrote_is_labelled_even_when_its_tag_names_another_by_then()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory("export-finisher");
        var tag = ImageReference.Parse($"{registry.Address}/finish/app:1");
        using var store = new RegistryStore();
        var ours = Image(tag, temp, "ours");
        var exported = await store.WriteImageAsync(ours, CancellationToken.None);

        // Another publish of the same tag lands between the lifecycle's export and the finish.
        await store.WriteImageAsync(Image(tag, temp, "theirs"), CancellationToken.None);
        var request = new BuildRequest
        {
            AppDirectory = temp.Path,
            Tags = [tag],
            Builder = ImageReference.Parse($"{registry.Address}/finish/builder:1"),
            Destination = ImageDestination.Registry,
            Labels = [new("org.example.team", "shop")],
        };
        var report = new ImageReport([tag.ToString()], exported.ImageId.ToString(), exported.ManifestDigest.ToString(), null);

        var result = await new ExportFinisher(request, store, ImagePlatform.LinuxAmd64, SilentBuildLog.Instance).FinishAsync([tag], report, CancellationToken.None);

        var finished = (await new RegistryStore().TryReadImageAsync(tag, ImagePlatform.LinuxAmd64, CancellationToken.None))!;
        Assert.Equal(result.ManifestDigest, finished.Digest.ToString());
        Assert.Equal("shop", finished.Config.Config!.Labels!["org.example.team"]);
        Assert.Equal("ours", finished.Config.Config.Labels["test.content"]);
        Assert.Equal(ours.Layers.Select(l => l.DiffId), finished.Layers.Select(l => l.DiffId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_registry_export_the_report_names_by_digest_alone_gets_its_image_id_from_the_manifest(bool labelled)
    {
        // The reference lifecycle writes no image-id for a registry export (phase/save.go): only digest and manifest-size.
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory("export-finisher");
        var tag = ImageReference.Parse($"{registry.Address}/finish/app:1");
        using var store = new RegistryStore();
        var exported = await store.WriteImageAsync(Image(tag, temp, "ours"), CancellationToken.None);
        var request = new BuildRequest
        {
            AppDirectory = temp.Path,
            Tags = [tag],
            Builder = ImageReference.Parse($"{registry.Address}/finish/builder:1"),
            Destination = ImageDestination.Registry,
            Labels = labelled ? [new("org.example.team", "shop")] : [],
        };
        var report = new ImageReport([tag.ToString()], null, exported.ManifestDigest.ToString(), 400);

        var result = await new ExportFinisher(request, store, ImagePlatform.LinuxAmd64, SilentBuildLog.Instance).FinishAsync([tag], report, CancellationToken.None);

        var finished = (await new RegistryStore().TryReadImageAsync(tag, ImagePlatform.LinuxAmd64, CancellationToken.None))!;
        Assert.Equal(finished.Digest.ToString(), result.ManifestDigest);
        Assert.Equal(finished.ImageId.ToString(), result.ImageId);
        Assert.Equal(labelled, finished.Config.Config!.Labels!.ContainsKey("org.example.team"));
        if (!labelled)
        {
            Assert.Equal(exported.ImageId.ToString(), result.ImageId);
        }
    }

    private static ImageWriteRequest Image(ImageReference tag, TempDirectory temp, string content)
    {
        var layer = TestLayerFile.Write(temp.Combine("layers"), new Dictionary<string, (byte[], UnixFileMode)>
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
