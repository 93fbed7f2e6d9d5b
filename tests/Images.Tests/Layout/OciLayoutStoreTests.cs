using System.Text.Json;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Tests.Layout;

public sealed class OciLayoutStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("bp-layout");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_image_read_back_has_the_manifest_digest_that_was_written()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        var written = await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        var image = await store.TryReadImageAsync(ImageReference.Parse("example.com/app:1.0"), ImagePlatform.LinuxAmd64, default);

        Assert.NotNull(image);
        Assert.Equal(written.ManifestDigest, image.Digest);
        Assert.Equal(written.ImageId, image.ImageId);
        Assert.Equal("test", image.Labels["io.buildpacks.test"]);
        var layer = Assert.Single(image.Layers);
        var bytes = await TestImages.ReadAllAsync(await store.OpenLayerAsync(image, layer, default));
        Assert.Equal(layer.Blob.Size, bytes.Length);
    }

    [Fact]
    public async Task The_layout_has_the_files_the_image_layout_spec_requires_and_names_the_image_both_ways()
    {
        var root = _temp.Combine("layout");
        var written = await new OciLayoutImageStore(root).WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", await File.ReadAllTextAsync(Path.Combine(root, "oci-layout")));
        var index = ImageJson.ParseIndex(await File.ReadAllBytesAsync(Path.Combine(root, "index.json")), "test");
        var entry = Assert.Single(index.Manifests);
        Assert.Equal(written.ManifestDigest, entry.Digest);
        Assert.Equal("1.0", entry.Annotations![OciLayoutAnnotations.RefName]);
        Assert.Equal("example.com/app:1.0", entry.Annotations[OciLayoutAnnotations.ContainerdImageName]);
        Assert.True(File.Exists(Path.Combine(root, "blobs", "sha256", written.ImageId.Hex)));
    }

    [Fact]
    public async Task Umoci_unpacks_a_written_image()
    {
        var umoci = RequiredServices.RequireTool("umoci");
        var root = _temp.Combine("layout");
        await new OciLayoutImageStore(root).WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        var bundle = _temp.Combine("bundle");
        await ProcessRunner.RunCheckedAsync(umoci, "unpack", "--rootless", "--image", root + ":1.0", bundle);

        Assert.True(File.Exists(Path.Combine(bundle, "rootfs", "bin", "busybox")));
        var runtimeConfig = await File.ReadAllTextAsync(Path.Combine(bundle, "config.json"));
        Assert.Contains(TestImages.Greeting, runtimeConfig, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skopeo_inspects_a_written_image_by_its_tag()
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var root = _temp.Combine("layout");
        var written = await new OciLayoutImageStore(root).WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        var output = await ProcessRunner.RunCheckedAsync(skopeo, "inspect", $"oci:{root}:1.0");

        using var json = JsonDocument.Parse(output);
        Assert.Equal(written.ManifestDigest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal("test", json.RootElement.GetProperty("Labels").GetProperty("io.buildpacks.test").GetString());
    }

    [Fact]
    public async Task A_layout_written_by_skopeo_is_read_with_the_same_digest()
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var ours = _temp.Combine("ours");
        var written = await new OciLayoutImageStore(ours).WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);
        var theirs = _temp.Combine("theirs");

        await ProcessRunner.RunCheckedAsync(skopeo, "copy", $"oci:{ours}:1.0", $"oci:{theirs}:copied");

        var store = new OciLayoutImageStore(theirs);
        var image = await store.TryReadImageAsync(ImageReference.Parse("anything/else:copied"), ImagePlatform.LinuxAmd64, default);
        Assert.NotNull(image);
        Assert.Equal(written.ManifestDigest, image.Digest);
        await TestImages.ReadAllAsync(await store.OpenLayerAsync(image, image.Layers[0], default));
    }

    [Fact]
    public async Task Writing_again_copies_no_blob_the_layout_already_has()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        var request = TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0");
        var first = await store.WriteImageAsync(request, default);

        var second = await store.WriteImageAsync(request with { Tags = [ImageReference.Parse("example.com/app:2.0")] }, default);

        Assert.Equal(3, first.Statistics.BlobsCopied);
        Assert.Equal(0, second.Statistics.BlobsCopied);
        Assert.Equal(0, second.Statistics.BytesCopied);
        Assert.Equal(3, second.Statistics.BlobsSkipped);
    }

    [Fact]
    public async Task Writing_a_tag_again_replaces_its_index_entry()
    {
        var root = _temp.Combine("layout");
        var store = new OciLayoutImageStore(root);
        var work = _temp.Combine("work");
        var layer = TestImages.Layer(TestLayerFile.Busybox(work));
        await store.WriteImageAsync(TestImages.Request([layer], label: "one", tags: "example.com/app:1.0"), default);

        var second = await store.WriteImageAsync(TestImages.Request([layer], label: "two", tags: "example.com/app:1.0"), default);

        var index = ImageJson.ParseIndex(await File.ReadAllBytesAsync(Path.Combine(root, "index.json")), "test");
        Assert.Equal(second.ManifestDigest, Assert.Single(index.Manifests).Digest);
        var image = await store.TryReadImageAsync(ImageReference.Parse("example.com/app:1.0"), ImagePlatform.LinuxAmd64, default);
        Assert.Equal("two", image!.Labels["io.buildpacks.test"]);
    }

    [Fact]
    public async Task A_tag_the_layout_does_not_hold_reads_as_null()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        Assert.Null(await store.TryReadImageAsync(ImageReference.Parse("example.com/app:2.0"), ImagePlatform.LinuxAmd64, default));
        Assert.Null(await new OciLayoutImageStore(_temp.Combine("missing")).TryReadImageAsync(ImageReference.Parse("example.com/app:1.0"), ImagePlatform.LinuxAmd64, default));
    }

    [Fact]
    public async Task The_only_image_of_a_layout_is_read_by_a_reference_without_tag_but_not_by_another_tag()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        var written = await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);

        var untagged = await store.TryReadImageAsync(ImageReference.Parse("whatever"), ImagePlatform.LinuxAmd64, default);
        var otherTag = await store.TryReadImageAsync(ImageReference.Parse("whatever:2.0"), ImagePlatform.LinuxAmd64, default);

        Assert.Equal(written.ManifestDigest, untagged?.Digest);
        Assert.Null(otherTag);
    }

    [Fact]
    public async Task A_tag_of_another_repository_in_the_same_layout_is_not_mistaken_for_ours()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        var work = _temp.Combine("work");
        await store.WriteImageAsync(TestImages.Busybox(work, "example.com/one:1.0"), default);
        await store.WriteImageAsync(TestImages.Busybox(work, "example.com/two:2.0"), default);

        Assert.Null(await store.TryReadImageAsync(ImageReference.Parse("example.com/one:2.0"), ImagePlatform.LinuxAmd64, default));
        Assert.NotNull(await store.TryReadImageAsync(ImageReference.Parse("example.com/two:2.0"), ImagePlatform.LinuxAmd64, default));
    }

    [Fact]
    public async Task Tagging_adds_a_name_and_tags_are_listed_sorted()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        var written = await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:b"), default);

        await store.TagAsync(ImageReference.Parse("example.com/app:b"), ImageReference.Parse("example.com/app:a"), default);

        Assert.Equal(["a", "b"], await store.ListTagsAsync(ImageReference.Parse("example.com/app"), default));
        var tagged = await store.TryReadImageAsync(ImageReference.Parse("example.com/app:a"), ImagePlatform.LinuxAmd64, default);
        Assert.Equal(written.ManifestDigest, tagged?.Digest);
        await Assert.ThrowsAsync<OciLayoutException>(() => store.TagAsync(ImageReference.Parse("example.com/app:none"), ImageReference.Parse("example.com/app:c"), default));
    }

    [Fact]
    public async Task A_corrupt_layer_blob_is_refused_when_read()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);
        var image = await store.TryReadImageAsync(ImageReference.Parse("example.com/app:1.0"), ImagePlatform.LinuxAmd64, default);
        FlipLastByte(store.BlobPath(image!.Layers[0].Blob.Digest));

        await Assert.ThrowsAsync<BlobDigestMismatchException>(async () => await TestImages.ReadAllAsync(await store.OpenLayerAsync(image, image.Layers[0], default)));
    }

    [Fact]
    public async Task A_corrupt_config_blob_is_refused_when_the_image_is_read()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        var written = await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);
        FlipLastByte(store.BlobPath(written.ImageId));

        await Assert.ThrowsAsync<BlobDigestMismatchException>(() => store.TryReadImageAsync(ImageReference.Parse("example.com/app:1.0"), ImagePlatform.LinuxAmd64, default));
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_no_index_entry_and_no_partial_blob()
    {
        var root = _temp.Combine("layout");
        var store = new OciLayoutImageStore(root);
        await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), "example.com/app:1.0"), default);
        var indexBefore = await File.ReadAllTextAsync(Path.Combine(root, "index.json"));
        var failing = new LayerToWrite(
            new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Compute("never"u8), Size = 1_000_000 },
            Digest.Compute("never either"u8),
            new FailingLayerContent(200_000));

        await Assert.ThrowsAsync<IOException>(() => store.WriteImageAsync(TestImages.Request([failing], tags: "example.com/app:2.0"), default));

        Assert.Equal(indexBefore, await File.ReadAllTextAsync(Path.Combine(root, "index.json")));
        Assert.False(File.Exists(store.BlobPath(failing.Blob.Digest)));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "blobs", "sha256"), ".*"));
    }

    [Fact]
    public async Task Layer_content_that_does_not_match_its_descriptor_is_not_stored()
    {
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        var file = TestLayerFile.Busybox(_temp.Combine("work"));
        var lying = TestImages.Layer(file) with { Blob = TestImages.Layer(file).Blob with { Digest = Digest.Compute("something else"u8) } };

        await Assert.ThrowsAsync<BlobDigestMismatchException>(() => store.WriteImageAsync(TestImages.Request([lying], tags: "example.com/app:1.0"), default));

        Assert.False(File.Exists(store.BlobPath(lying.Blob.Digest)));
    }

    [Fact]
    public async Task Concurrent_writers_keep_every_tag()
    {
        var root = _temp.Combine("layout");
        var layer = TestImages.Layer(TestLayerFile.Busybox(_temp.Combine("work")));
        var tags = Enumerable.Range(0, 12).Select(i => $"example.com/app:t{i:00}").ToList();

        // A store per writer, as separate processes would have.
        await Task.WhenAll(tags.Select(tag => Task.Run(() => new OciLayoutImageStore(root).WriteImageAsync(TestImages.Request([layer], label: tag, tags: tag), default))));

        Assert.Equal(tags.Select(t => t.Split(':')[1]), await new OciLayoutImageStore(root).ListTagsAsync(ImageReference.Parse("example.com/app"), default));
    }

    [Fact]
    public async Task A_nested_index_is_resolved_to_the_manifest_of_the_requested_platform()
    {
        var root = _temp.Combine("layout");
        var store = new OciLayoutImageStore(root);
        var layer = TestImages.Layer(TestLayerFile.Busybox(_temp.Combine("work")));
        var amd64 = await store.WriteImageAsync(TestImages.Request([layer], label: "amd64", tags: "example.com/app:amd64"), default);
        var arm64Request = TestImages.Request([layer], label: "arm64", tags: "example.com/app:arm64");
        var arm64 = await store.WriteImageAsync(arm64Request with { Config = arm64Request.Config with { Architecture = "arm64", Variant = "v8" } }, default);
        var inner = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                new Descriptor { MediaType = MediaTypes.OciManifest, Digest = amd64.ManifestDigest, Size = amd64.ManifestSize, Platform = ImagePlatform.LinuxAmd64 },
                new Descriptor { MediaType = MediaTypes.OciManifest, Digest = arm64.ManifestDigest, Size = arm64.ManifestSize, Platform = ImagePlatform.Parse("linux/arm64/v8") },
            ],
        };
        var innerBytes = ImageJson.Serialize(inner);
        await File.WriteAllBytesAsync(store.BlobPath(Digest.Compute(innerBytes)), innerBytes);
        var outer = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [new Descriptor { MediaType = MediaTypes.OciIndex, Digest = Digest.Compute(innerBytes), Size = innerBytes.Length }],
        };
        var outerBytes = ImageJson.Serialize(outer);
        await File.WriteAllBytesAsync(store.BlobPath(Digest.Compute(outerBytes)), outerBytes);
        var top = ImageJson.ParseIndex(await File.ReadAllBytesAsync(Path.Combine(root, "index.json")), "test");
        var named = OciLayoutNames.Name(new Descriptor { MediaType = MediaTypes.OciIndex, Digest = Digest.Compute(outerBytes), Size = outerBytes.Length }, ImageReference.Parse("example.com/app:multi"));
        await File.WriteAllBytesAsync(Path.Combine(root, "index.json"), ImageJson.Serialize(top with { Manifests = [.. top.Manifests, named] }));

        var image = await store.TryReadImageAsync(ImageReference.Parse("example.com/app:multi"), ImagePlatform.Parse("linux/arm64"), default);

        Assert.Equal(arm64.ManifestDigest, image?.Digest);
        Assert.Equal(Digest.Compute(outerBytes), image?.IndexDigest);
        Assert.Equal("arm64", image!.Labels["io.buildpacks.test"]);
        await Assert.ThrowsAsync<OciLayoutException>(() => store.TryReadImageAsync(ImageReference.Parse("example.com/app:multi"), ImagePlatform.Parse("linux/s390x"), default));
    }

    private static void FlipLastByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xff;
        File.WriteAllBytes(path, bytes);
    }
}
