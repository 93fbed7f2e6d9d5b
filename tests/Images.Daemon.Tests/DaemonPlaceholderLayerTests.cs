using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// docker load does not read a layer whose chain ID the daemon already has, so a write sends such layers as empty
/// placeholders. These tests prove it on the real daemon: the base layer's bytes are never read, and the image runs.
/// </summary>
[Collection(DaemonImagesCollection.Name)]
public sealed class DaemonPlaceholderLayerTests : DaemonTestBase
{
    [Fact]
    public async Task Base_layers_of_an_image_read_from_the_daemon_are_sent_as_placeholders()
    {
        var baseName = UniqueName("base");
        var appName = UniqueName("app");
        var work = Temp.Combine("work");
        await Store.WriteImageAsync(TestImages.Busybox(work, baseName), default);
        var baseImage = await Store.TryReadImageAsync(ImageReference.Parse(baseName), ImagePlatform.LinuxAmd64, default);
        var baseLayer = new CountingLayerContent(LayerToWrite.From(baseImage!, baseImage!.Layers[0]).Content);
        var appFile = TestLayerFile.Text(work, "app/hello.txt", "hello from the app layer");
        var appLayer = TestImages.Layer(appFile);
        var appContent = new CountingLayerContent(appLayer.Content);

        var result = await Store.WriteImageAsync(
            TestImages.Request([LayerToWrite.From(baseImage, baseImage.Layers[0]) with { Content = baseLayer }, appLayer with { Content = appContent }], tags: appName),
            default);

        Assert.Equal(0, baseLayer.Opened);
        Assert.Equal(0, baseLayer.BytesRead);
        Assert.Equal(appFile.Size, appContent.BytesRead);
        Assert.Equal(1, result.Statistics.BlobsSkipped);
        Assert.Equal(2, result.Statistics.BlobsCopied);
        Assert.True(result.Statistics.BytesCopied < appFile.Size + 10_000, $"{result.Statistics.BytesCopied} bytes copied");
        Assert.Equal("hello from the app layer", (await DockerTestCli.RunAsync("run", "--rm", "--network", "none", "--entrypoint", "/bin/busybox", appName, "cat", "/app/hello.txt")).Trim());
    }

    [Fact]
    public async Task Layers_from_a_layout_image_the_daemon_also_holds_are_sent_as_placeholders()
    {
        var baseName = UniqueName("layoutbase");
        var appName = UniqueName("layoutapp");
        var work = Temp.Combine("work");
        var layout = new OciLayoutImageStore(Temp.Combine("layout"));
        var baseRequest = TestImages.Busybox(work, baseName);
        await layout.WriteImageAsync(baseRequest, default);
        await Store.WriteImageAsync(baseRequest, default);
        var baseImage = await layout.TryReadImageAsync(ImageReference.Parse(baseName), ImagePlatform.LinuxAmd64, default);
        var baseLayer = new CountingLayerContent(LayerToWrite.From(baseImage!, baseImage!.Layers[0]).Content);
        var appLayer = TestImages.Layer(TestLayerFile.Text(work, "app/hello.txt", "hello"));

        var result = await Store.WriteImageAsync(
            TestImages.Request([LayerToWrite.From(baseImage, baseImage.Layers[0]) with { Content = baseLayer }, appLayer], tags: appName),
            default);

        Assert.Equal(0, baseLayer.BytesRead);
        Assert.Equal(1, result.Statistics.BlobsSkipped);
        Assert.Equal(TestImages.Greeting, (await DockerTestCli.RunContainerAsync(appName)).Trim());
    }

    [Fact]
    public async Task With_placeholders_turned_off_every_layer_is_sent()
    {
        var baseName = UniqueName("fullbase");
        var appName = UniqueName("fullapp");
        var work = Temp.Combine("work");
        await Store.WriteImageAsync(TestImages.Busybox(work, baseName), default);
        var baseImage = await Store.TryReadImageAsync(ImageReference.Parse(baseName), ImagePlatform.LinuxAmd64, default);
        var baseLayer = new CountingLayerContent(LayerToWrite.From(baseImage!, baseImage!.Layers[0]).Content);
        using var store = NewStore(skipLayersTheDaemonHas: false);

        var result = await store.WriteImageAsync(
            TestImages.Request([LayerToWrite.From(baseImage, baseImage.Layers[0]) with { Content = baseLayer }], label: "full", tags: appName),
            default);

        Assert.Equal(baseImage.Layers[0].Blob.Size, baseLayer.BytesRead);
        Assert.Equal(0, result.Statistics.BlobsSkipped);
    }
}
