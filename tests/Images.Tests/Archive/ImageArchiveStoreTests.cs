using System.Text.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Tests.Archive;

public sealed class ImageArchiveStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("bp-archive");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Docker_loads_a_written_docker_archive_and_runs_it()
    {
        await RequiredServices.RequireDockerAsync();
        var repository = DockerTestCli.UniqueRepository("archive");
        var path = _temp.Combine("image.tar");
        var written = await new ImageArchiveStore(path).WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), repository + ":1.0"), default);
        try
        {
            var loaded = await DockerTestCli.RunAsync("load", "--input", path);
            Assert.Contains(repository + ":1.0", loaded, StringComparison.Ordinal);

            var output = await DockerTestCli.RunContainerAsync(repository + ":1.0");

            Assert.Equal(TestImages.Greeting, output.Trim());
            Assert.Equal(written.ImageId.ToString(), (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", repository + ":1.0")).Trim());
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(repository + ":1.0");
        }
    }

    [Fact]
    public async Task Skopeo_inspects_a_written_oci_archive()
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var path = _temp.Combine("image.tar");
        var written = await new ImageArchiveStore(path, ImageArchiveFormat.OciArchive).WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        var output = await ProcessRunner.RunCheckedAsync(skopeo, "inspect", $"oci-archive:{path}");

        using var json = JsonDocument.Parse(output);
        Assert.Equal(written.ManifestDigest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal("test", json.RootElement.GetProperty("Labels").GetProperty("io.buildpacks.test").GetString());
    }

    [Fact]
    public async Task Skopeo_reads_a_docker_archive_as_docker_archive_too()
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var path = _temp.Combine("image.tar");
        var written = await new ImageArchiveStore(path).WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        var rawConfig = await ProcessRunner.RunCheckedAsync(skopeo, "inspect", "--config", "--raw", $"docker-archive:{path}");

        // skopeo hands back the config bytes as stored: their digest is the image ID.
        Assert.Equal(written.ImageId, Digest.Compute(System.Text.Encoding.UTF8.GetBytes(rawConfig.TrimEnd('\n'))));
    }

    [Theory]
    [InlineData(ImageArchiveFormat.DockerArchive)]
    [InlineData(ImageArchiveFormat.OciArchive)]
    public async Task The_same_image_gives_the_same_archive_bytes(ImageArchiveFormat format)
    {
        var request = TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0");
        await new ImageArchiveStore(_temp.Combine("one.tar"), format).WriteImageAsync(request, default);
        await new ImageArchiveStore(_temp.Combine("two.tar"), format).WriteImageAsync(request, default);

        Assert.Equal(await File.ReadAllBytesAsync(_temp.Combine("one.tar")), await File.ReadAllBytesAsync(_temp.Combine("two.tar")));
    }

    [Theory]
    [InlineData(ImageArchiveFormat.DockerArchive)]
    [InlineData(ImageArchiveFormat.OciArchive)]
    public async Task A_round_trip_layout_to_archive_to_layout_keeps_the_manifest_digest(ImageArchiveFormat format)
    {
        var reference = ImageReference.Parse("example.com/app:1.0");
        var first = new OciLayoutImageStore(_temp.Combine("first"));
        var written = await first.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), reference.ToString()), default);
        var archive = new ImageArchiveStore(_temp.Combine("image.tar"), format);
        var last = new OciLayoutImageStore(_temp.Combine("last"));

        var viaArchive = await ImageCopier.CopyAsync(first, reference, archive, [reference], ImagePlatform.LinuxAmd64, default);
        var back = await ImageCopier.CopyAsync(archive, reference, last, [reference], ImagePlatform.LinuxAmd64, default);

        Assert.Equal(written.ManifestDigest, viaArchive.ManifestDigest);
        Assert.Equal(written.ManifestDigest, back.ManifestDigest);
        var image = await last.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, default);
        Assert.Equal(written.ManifestDigest, image?.Digest);
        await TestImages.ReadAllAsync(await last.OpenLayerAsync(image!, image!.Layers[0], default));
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_no_archive_file()
    {
        var path = _temp.Combine("out", "image.tar");
        Directory.CreateDirectory(_temp.Combine("out"));
        var failing = new LayerToWrite(
            new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute("never"u8), Size = 1_000_000 },
            Digest.Compute("never either"u8),
            new FailingLayerContent(300_000));

        await Assert.ThrowsAsync<IOException>(() => new ImageArchiveStore(path).WriteImageAsync(TestImages.Request([failing], tags: "example.com/app:1.0"), default));

        Assert.Empty(Directory.GetFileSystemEntries(_temp.Combine("out")));
    }

    [Fact]
    public async Task A_failed_write_leaves_the_previous_archive_untouched()
    {
        var path = _temp.Combine("image.tar");
        var store = new ImageArchiveStore(path);
        await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);
        var before = await File.ReadAllBytesAsync(path);
        var failing = new LayerToWrite(
            new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute("never"u8), Size = 1_000_000 },
            Digest.Compute("never either"u8),
            new FailingLayerContent(300_000));

        await Assert.ThrowsAsync<IOException>(() => store.WriteImageAsync(TestImages.Request([failing], tags: "example.com/app:2.0"), default));

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task An_archive_saved_by_docker_is_read_and_its_layers_match_their_diff_ids()
    {
        await RequiredServices.RequireDockerAsync();
        var repository = DockerTestCli.UniqueRepository("saved");
        var work = _temp.Combine("work");
        var request = TestImages.Request(
            [TestImages.Layer(TestLayerFile.Busybox(work)), TestImages.Layer(TestLayerFile.Text(work, "app/hello.txt", "hello"))],
            tags: repository + ":1.0");
        var loadable = _temp.Combine("load.tar");
        var written = await new ImageArchiveStore(loadable).WriteImageAsync(request, default);
        var saved = _temp.Combine("saved.tar");
        try
        {
            await DockerTestCli.RunAsync("load", "--input", loadable);
            await DockerTestCli.RunAsync("save", "--output", saved, repository + ":1.0");

            var store = new ImageArchiveStore(saved);
            var image = await store.TryReadImageAsync(ImageReference.Parse(repository + ":1.0"), ImagePlatform.LinuxAmd64, default);

            Assert.NotNull(image);
            Assert.Equal(written.ImageId, image.ImageId);
            Assert.Equal(2, image.Layers.Count);
            foreach (var layer in image.Layers)
            {
                // docker save gives plain tars, so the blob digest is the diff ID and reading verifies it.
                Assert.Equal(layer.DiffId, layer.Blob.Digest);
                await TestImages.ReadAllAsync(await store.OpenLayerAsync(image, layer, default));
            }

            Assert.Equal(["1.0"], await store.ListTagsAsync(ImageReference.Parse(repository), default));
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(repository + ":1.0");
        }
    }

    [Fact]
    public async Task A_docker_archive_with_gzip_layer_files_and_no_oci_layout_is_read()
    {
        // The shape the .NET SDK writes for docker load: manifest.json, <hex>/layer.tar holding gzip bytes.
        var work = _temp.Combine("work");
        var layerFile = TestLayerFile.Busybox(work);
        var request = TestImages.Busybox(work, "example.com/app:1.0") with { Layers = [TestImages.Layer(layerFile)] };
        var composed = ImageComposer.Compose(request);
        var path = _temp.Combine("sdk.tar");
        await using (var tarFile = File.Create(path))
        await using (var tar = new System.Formats.Tar.TarWriter(tarFile))
        {
            await tar.WriteEntryAsync(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, composed.ConfigDescriptor.Digest.Hex + ".json") { DataStream = new MemoryStream(composed.ConfigBytes) });
            await tar.WriteEntryAsync(layerFile.Path, "abc/layer.tar");
            var manifestJson = $"[{{\"Config\":\"{composed.ConfigDescriptor.Digest.Hex}.json\",\"RepoTags\":[\"example.com/app:1.0\"],\"Layers\":[\"abc/layer.tar\"]}}]";
            await tar.WriteEntryAsync(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(manifestJson)) });
        }

        var store = new ImageArchiveStore(path);
        var image = await store.TryReadImageAsync(ImageReference.Parse("example.com/app:1.0"), ImagePlatform.LinuxAmd64, default);

        Assert.NotNull(image);
        Assert.True(image.HasSynthesizedManifest);
        Assert.Equal(composed.ConfigDescriptor.Digest, image.ImageId);
        var layer = Assert.Single(image.Layers);
        Assert.Equal(MediaTypes.OciLayerGzip, layer.Blob.MediaType);
        Assert.Equal(Digest.Parse(layerFile.Digest), layer.Blob.Digest);
        Assert.Equal(await File.ReadAllBytesAsync(layerFile.Path), await TestImages.ReadAllAsync(await store.OpenLayerAsync(image, layer, default)));
    }

    [Fact]
    public async Task Tagging_rewrites_the_archive_with_both_names()
    {
        var path = _temp.Combine("image.tar");
        var store = new ImageArchiveStore(path);
        var written = await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        await store.TagAsync(ImageReference.Parse("example.com/app:1.0"), ImageReference.Parse("example.com/app:latest"), default);

        Assert.Equal(["1.0", "latest"], await store.ListTagsAsync(ImageReference.Parse("example.com/app"), default));
        var image = await store.TryReadImageAsync(ImageReference.Parse("example.com/app:latest"), ImagePlatform.LinuxAmd64, default);
        Assert.Equal(written.ManifestDigest, image?.Digest);
    }

    [Fact]
    public async Task A_corrupt_layer_in_an_archive_is_refused_when_read()
    {
        var path = _temp.Combine("image.tar");
        var store = new ImageArchiveStore(path, ImageArchiveFormat.OciArchive);
        await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);
        var image = await store.TryReadImageAsync(ImageReference.Parse("example.com/app:1.0"), ImagePlatform.LinuxAmd64, default);
        var bytes = await File.ReadAllBytesAsync(path);

        // Flip a byte in the middle of the (largest) layer entry, keeping every tar header intact.
        var layerStart = FindLayerData(bytes, image!.Layers[0].Blob);
        bytes[layerStart + 1000] ^= 0xff;
        await File.WriteAllBytesAsync(path, bytes);
        var reread = new ImageArchiveStore(path, ImageArchiveFormat.OciArchive);

        await Assert.ThrowsAsync<BlobDigestMismatchException>(async () => await TestImages.ReadAllAsync(await reread.OpenLayerAsync(image, image.Layers[0], default)));
    }

    private static int FindLayerData(byte[] archive, Descriptor layer)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(ImageArchiveWriter.BlobPath(layer.Digest));
        var header = archive.AsSpan().IndexOf(name);
        Assert.True(header >= 0);
        return header + 512;
    }
}
