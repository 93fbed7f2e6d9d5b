using System.Text.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

[Collection(DaemonImagesCollection.Name)]
public sealed class DaemonImageStoreWriteTests : DaemonTestBase
{
    [Fact]
    public async Task A_written_image_runs_and_inspect_shows_its_config()
    {
        var name = UniqueName("write");
        var second = UniqueName("write", "extra");

        var result = await Store.WriteImageAsync(TestImages.Busybox(Temp.Combine("work"), name, second), default);

        Assert.Equal(TestImages.Greeting, (await DockerTestCli.RunContainerAsync(name)).Trim());
        using var inspect = JsonDocument.Parse(await DockerTestCli.RunAsync("image", "inspect", name));
        var image = inspect.RootElement[0];
        Assert.Equal(result.ImageId.ToString(), image.GetProperty("Id").GetString());
        Assert.Equal("test", image.GetProperty("Config").GetProperty("Labels").GetProperty("io.buildpacks.test").GetString());
        Assert.Contains("BP_TEST=1", image.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["/bin/busybox"], image.GetProperty("Config").GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        // Docker lists familiar names, Podman full ones.
        Assert.Contains(ImageReference.Parse(second), image.GetProperty("RepoTags").EnumerateArray().Select(e => ImageReference.Parse(e.GetString()!)));
        Assert.Equal(2, result.Statistics.BlobsCopied);
    }

    [Fact]
    public async Task A_round_trip_layout_to_daemon_to_layout_keeps_the_image_id()
    {
        var name = UniqueName("roundtrip");
        var reference = ImageReference.Parse(name);
        var work = Temp.Combine("work");
        var first = new OciLayoutImageStore(Temp.Combine("first"));
        var written = await first.WriteImageAsync(
            TestImages.Request([TestImages.Layer(TestLayerFile.Busybox(work)), TestImages.Layer(TestLayerFile.Text(work, "app/hello.txt", "hello"))], tags: name),
            default);
        var last = new OciLayoutImageStore(Temp.Combine("last"));

        var inDaemon = await ImageCopier.CopyAsync(first, reference, Store, [reference], ImagePlatform.LinuxAmd64, default);
        var back = await ImageCopier.CopyAsync(Store, reference, last, [reference], ImagePlatform.LinuxAmd64, default);

        Assert.Equal(written.ImageId, inDaemon.ImageId);
        Assert.Equal(written.ImageId, back.ImageId);
        var image = await last.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, default);
        Assert.NotNull(image);
        Assert.Equal(written.ImageId, image.ImageId);
        foreach (var layer in image.Layers)
        {
            // The daemon gives layers uncompressed, so in the copy each blob is its diff ID.
            Assert.Equal(layer.DiffId, layer.Blob.Digest);
            await TestImages.ReadAllAsync(await last.OpenLayerAsync(image, layer, default));
        }
    }

    [Fact]
    public async Task Layer_content_that_fails_midway_fails_the_write_with_its_own_error_and_tags_nothing()
    {
        var name = UniqueName("failing");
        var good = TestImages.Layer(TestLayerFile.Busybox(Temp.Combine("work")));
        var failing = new LayerToWrite(
            new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute("never"u8), Size = 2_000_000 },
            Digest.Compute("never either"u8),
            new FailingLayerContent(500_000));

        var error = await Assert.ThrowsAsync<IOException>(() => Store.WriteImageAsync(TestImages.Request([good, failing], tags: name), default));

        Assert.Contains("simulated failure", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, (await DockerTestCli.TryRunAsync("image", "inspect", name)).ExitCode);
    }

    [Fact]
    public async Task A_load_the_daemon_refuses_reports_the_daemons_message()
    {
        var name = UniqueName("refused");
        var layer = TestImages.Layer(TestLayerFile.Busybox(Temp.Combine("work")));

        // The blob is intact, but the config claims another diff ID: docker load checks it and refuses.
        var lying = layer with { DiffId = Digest.Compute("not this layer"u8) };
        var error = await Assert.ThrowsAsync<DaemonLoadException>(() => Store.WriteImageAsync(TestImages.Request([lying], tags: name), default));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.DaemonMessage));
    }

    [Fact]
    public async Task Tagging_adds_a_name_and_the_tags_of_a_repository_are_listed_sorted()
    {
        var name = UniqueName("tags", "b");
        var repository = ImageReference.Parse(name);
        await Store.WriteImageAsync(TestImages.Busybox(Temp.Combine("work"), name), default);
        RemoveAfterTest(repository.WithTag("a").ToFamiliarString());

        await Store.TagAsync(repository, repository.WithTag("a"), default);

        Assert.Equal(["a", "b"], await Store.ListTagsAsync(repository, default));
        await Assert.ThrowsAsync<DaemonImageNotFoundException>(() => Store.TagAsync(repository.WithTag("missing"), repository.WithTag("c"), default));
    }
}
