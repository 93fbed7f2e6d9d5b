using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

[Collection(DaemonImagesCollection.Name)]
public sealed class DaemonImageStoreReadTests : DaemonTestBase
{
    [Fact]
    public async Task An_image_made_by_docker_import_is_read_and_its_layers_match_their_diff_ids()
    {
        var name = UniqueName("import");
        var rootfs = TestLayerFile.Busybox(Temp.Combine("work"), compressed: false);
        await DockerTestCli.RunAsync("import", "--change", "ENTRYPOINT [\"/bin/busybox\"]", "--change", "LABEL made.by=import", rootfs.Path, name);

        var image = await Store.TryReadImageAsync(ImageReference.Parse(name), ImagePlatform.LinuxAmd64, default);

        Assert.NotNull(image);
        Assert.True(image.HasSynthesizedManifest);
        Assert.Equal("import", image.Labels["made.by"]);
        Assert.Equal((await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", name)).Trim(), image.ImageId.ToString());
        Assert.Equal(image.ImageId, Digest.Compute(image.ConfigBytes.Span));
        var layer = Assert.Single(image.Layers);
        Assert.Equal(MediaTypes.OciLayer, layer.Blob.MediaType);
        Assert.Equal(layer.DiffId, layer.Blob.Digest);

        // Reading the layer verifies its bytes against the diff ID.
        var bytes = await TestImages.ReadAllAsync(await Store.OpenLayerAsync(image, layer, default));
        Assert.Equal(Digest.Parse(rootfs.DiffId), Digest.Compute(bytes));
    }

    // A one-layer busybox image made by `docker import` under a unique name.
    private async Task<ImageReference> ImportedAsync(string purpose)
    {
        var name = UniqueName(purpose);
        var rootfs = TestLayerFile.Busybox(Temp.Combine("work"), compressed: false);
        await DockerTestCli.RunAsync("import", rootfs.Path, name);
        return ImageReference.Parse(name);
    }

    [Fact]
    public async Task An_image_is_cached_only_once_it_was_read_and_a_missing_one_never_is()
    {
        var reference = await ImportedAsync("cached");

        var before = await Store.IsCachedAsync(reference, default);
        await Store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, default);
        var after = await Store.IsCachedAsync(reference, default);

        Assert.False(before);
        Assert.True(after);
        using var another = NewStore();
        Assert.False(await another.IsCachedAsync(reference, default));
        Assert.False(await Store.IsCachedAsync(ImageReference.Parse(UniqueName("never")), default));
    }

    [Fact]
    public async Task A_copy_of_an_imported_image_to_a_layout_keeps_the_image_id_docker_gave_it()
    {
        var reference = await ImportedAsync("importcopy");
        var name = reference.ToString();
        var layout = new Buildpacks.Images.Stores.Layout.OciLayoutImageStore(Temp.Combine("layout"));

        var copied = await Buildpacks.Images.Stores.ImageCopier.CopyAsync(Store, reference, layout, [reference], ImagePlatform.LinuxAmd64, default);

        // Docker's config has nanosecond times and explicit nulls: only its exact bytes keep the ID.
        Assert.Equal((await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", name)).Trim(), copied.ImageId.ToString());
    }

    [Fact]
    public async Task A_loaded_image_is_read_with_its_exact_config_and_layers()
    {
        var name = UniqueName("loaded");
        var work = Temp.Combine("work");
        var request = TestImages.Request(
            [TestImages.Layer(TestLayerFile.Busybox(work)), TestImages.Layer(TestLayerFile.Text(work, "app/hello.txt", "hello"))],
            tags: name);
        var archive = Temp.Combine("image.tar");
        var written = await new Buildpacks.Images.Stores.Archive.ImageArchiveStore(archive).WriteImageAsync(request, default);
        await DockerTestCli.RunAsync("load", "--input", archive);

        var image = await Store.TryReadImageAsync(ImageReference.Parse(name), ImagePlatform.LinuxAmd64, default);

        Assert.NotNull(image);
        Assert.Equal(written.ImageId, image.ImageId);
        Assert.Equal(request.Layers.Select(l => l.DiffId), image.Layers.Select(l => l.DiffId));
        foreach (var layer in image.Layers)
        {
            await TestImages.ReadAllAsync(await Store.OpenLayerAsync(image, layer, default));
        }
    }

    [Fact]
    public async Task A_layer_evicted_from_the_cache_is_saved_again_when_opened()
    {
        var name = UniqueName("evicted");
        await Store.WriteImageAsync(TestImages.Busybox(Temp.Combine("work"), name), default);
        var image = await Store.TryReadImageAsync(ImageReference.Parse(name), ImagePlatform.LinuxAmd64, default);
        foreach (var file in Directory.GetFiles(Temp.Path, "*.tar", SearchOption.AllDirectories).Where(f => f.Contains("cache-", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }

        var bytes = await TestImages.ReadAllAsync(await Store.OpenLayerAsync(image!, image!.Layers[0], default));

        Assert.Equal(image.Layers[0].Blob.Size, bytes.Length);
    }

    [Fact]
    public async Task An_image_the_daemon_does_not_have_reads_as_null()
    {
        Assert.Null(await Store.TryReadImageAsync(ImageReference.Parse(DockerTestCli.UniqueRepository("absent") + ":1.0"), ImagePlatform.LinuxAmd64, default));
    }

    [Fact]
    public async Task An_image_of_another_platform_is_refused_with_a_clear_error()
    {
        var name = UniqueName("platform");
        await Store.WriteImageAsync(TestImages.Busybox(Temp.Combine("work"), name), default);

        var error = await Assert.ThrowsAsync<DaemonException>(() => Store.TryReadImageAsync(ImageReference.Parse(name), ImagePlatform.Parse("linux/arm64"), default));

        Assert.Contains("linux/arm64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_where_no_daemon_listens_is_reported_by_name_with_what_to_do()
    {
        var socket = Temp.Combine("no-daemon.sock");
        using var store = NewStore(DaemonEndpoint.Resolve("unix://" + socket));

        var error = await Assert.ThrowsAsync<DaemonUnreachableException>(() => store.TryReadImageAsync(ImageReference.Parse("busybox"), ImagePlatform.LinuxAmd64, default));

        Assert.Contains(socket, error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }
}
