using System.Text.Json;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Tests.Indexes;

/// <summary>Image indexes (multi-platform images) written over images of an OCI layout, into the layout and into an archive.</summary>
public sealed class ImageIndexStoreTests : IDisposable
{
    private static readonly ImageReference Amd64Name = ImageReference.Parse("example.com/app:1.0-linux-x64");
    private static readonly ImageReference Arm64Name = ImageReference.Parse("example.com/app:1.0-linux-arm64");
    private static readonly ImageReference IndexName = ImageReference.Parse("example.com/app:1.0");
    private static readonly ImagePlatform LinuxArm64 = ImagePlatform.Parse("linux/arm64");

    private readonly TempDirectory _temp = new("bp-index");

    public void Dispose() => _temp.Dispose();

    /// <summary>Two images of the same layer, one per platform, in the layout at <paramref name="root"/>.</summary>
    private async Task<(OciLayoutImageStore Store, StoredImage Amd64, StoredImage Arm64)> TwoPlatformsAsync(string root)
    {
        var store = new OciLayoutImageStore(root);
        var layer = TestImages.Layer(TestLayerFile.Busybox(_temp.Combine("work")));
        await store.WriteImageAsync(TestImages.Request([layer], tags: Amd64Name.ToString()), default);
        var arm = TestImages.Request([layer], tags: Arm64Name.ToString());
        await store.WriteImageAsync(arm with { Config = arm.Config with { Architecture = "arm64", Variant = "v8" } }, default);
        var amd64 = await store.TryReadImageAsync(Amd64Name, ImagePlatform.LinuxAmd64, default);
        var arm64 = await store.TryReadImageAsync(Arm64Name, LinuxArm64, default);
        return (store, amd64!, arm64!);
    }

    [Fact]
    public async Task An_index_lists_each_image_with_the_platform_its_config_says_in_the_order_given()
    {
        var (_, amd64, arm64) = await TwoPlatformsAsync(_temp.Combine("layout"));

        var composed = ComposedIndex.Compose(new IndexWriteRequest { Tags = [IndexName], Images = [amd64, arm64] });

        Assert.Equal(MediaTypes.OciIndex, composed.Index.MediaType);
        Assert.Equal([amd64.Digest, arm64.Digest], composed.Index.Manifests.Select(m => m.Digest));
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], composed.Index.Manifests.Select(m => m.Platform!.ToString()));
        Assert.Equal(amd64.ManifestDescriptor.Size, composed.Index.Manifests[0].Size);
        Assert.Equal(Digest.Compute(composed.Bytes), composed.Descriptor.Digest);
    }

    [Fact]
    public async Task Two_images_of_one_platform_make_no_index()
    {
        var (_, amd64, _) = await TwoPlatformsAsync(_temp.Combine("layout"));

        var refusal = Assert.Throws<ArgumentException>(() => ComposedIndex.Compose(new IndexWriteRequest { Tags = [IndexName], Images = [amd64, amd64] }));

        Assert.Contains("Two images of the index are for linux/amd64", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layout_names_the_index_under_its_tag_and_each_platform_reads_back_through_it()
    {
        var root = _temp.Combine("layout");
        var (store, amd64, arm64) = await TwoPlatformsAsync(root);

        var written = await store.WriteIndexAsync(new IndexWriteRequest { Tags = [IndexName, IndexName.WithTag("latest")], Images = [amd64, arm64] }, default);

        Assert.Equal(0, written.Statistics.BlobsCopied);
        var top = ImageJson.ParseIndex(await File.ReadAllBytesAsync(Path.Combine(root, "index.json")), "test");
        Assert.Equal(2, top.Manifests.Count(m => m.Digest == written.Index.Digest && m.MediaType == MediaTypes.OciIndex));
        Assert.Equal(amd64.Digest, (await store.TryReadImageAsync(IndexName, ImagePlatform.LinuxAmd64, default))!.Digest);
        Assert.Equal(arm64.Digest, (await store.TryReadImageAsync(IndexName, LinuxArm64, default))!.Digest);
        var index = await store.TryReadIndexAsync(IndexName, default);
        Assert.NotNull(index);
        Assert.Equal(written.Index.Digest, index.Descriptor.Digest);
        Assert.Equal(arm64.Digest, (await index.ReadImageAsync(index.PlatformManifests[1], default)).Digest);
        Assert.Null(await store.TryReadIndexAsync(Amd64Name, default));
    }

    [Fact]
    public async Task Skopeo_reads_the_layout_index_and_picks_each_platform()
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var root = _temp.Combine("layout");
        var (store, amd64, arm64) = await TwoPlatformsAsync(root);
        var written = await store.WriteIndexAsync(new IndexWriteRequest { Tags = [IndexName], Images = [amd64, arm64] }, default);

        var raw = await ProcessRunner.RunCheckedAsync(skopeo, "inspect", "--raw", $"oci:{root}:1.0");
        var arm = await ProcessRunner.RunCheckedAsync(skopeo, "--override-arch", "arm64", "inspect", $"oci:{root}:1.0");

        Assert.Equal(written.Index.Digest, Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw.TrimEnd('\n'))));
        using var json = JsonDocument.Parse(arm);
        // skopeo reports the digest of what the name points at (the index) and the config of the platform it picked.
        Assert.Equal(written.Index.Digest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal("arm64", json.RootElement.GetProperty("Architecture").GetString());
    }

    [Fact]
    public async Task An_archive_holds_the_index_and_every_platform_image_from_another_store()
    {
        var (_, amd64, arm64) = await TwoPlatformsAsync(_temp.Combine("layout"));
        var archive = new ImageArchiveStore(_temp.Combine("app.tar"));

        var written = await archive.WriteIndexAsync(new IndexWriteRequest { Tags = [IndexName], Images = [amd64, arm64] }, default);

        // The shared layer once, each config and manifest.
        Assert.Equal(5, written.Statistics.BlobsCopied);
        var reread = new ImageArchiveStore(archive.Path);
        Assert.Equal(written.Index.Digest, (await reread.TryReadIndexAsync(IndexName, default))!.Descriptor.Digest);
        var arm = await reread.TryReadImageAsync(IndexName, LinuxArm64, default);
        Assert.Equal(arm64.Digest, arm!.Digest);
        var bytes = await TestImages.ReadAllAsync(await reread.OpenLayerAsync(arm, arm.Layers[0], default));
        Assert.Equal(arm.Layers[0].Blob.Size, bytes.Length);
    }

    [Fact]
    public async Task Skopeo_copies_every_platform_out_of_the_archive()
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        var (_, amd64, arm64) = await TwoPlatformsAsync(_temp.Combine("layout"));
        var path = _temp.Combine("app.tar");
        var written = await new ImageArchiveStore(path).WriteIndexAsync(new IndexWriteRequest { Tags = [IndexName], Images = [amd64, arm64] }, default);
        var copy = _temp.Combine("copy");

        await ProcessRunner.RunCheckedAsync(skopeo, "copy", "--all", $"oci-archive:{path}:1.0", $"oci:{copy}:copied");

        var copied = new OciLayoutImageStore(copy);
        Assert.Equal(written.Index.Digest, (await copied.TryReadIndexAsync(ImageReference.Parse("example.com/app:copied"), default))!.Descriptor.Digest);
        Assert.Equal(arm64.Digest, (await copied.TryReadImageAsync(ImageReference.Parse("example.com/app:copied"), LinuxArm64, default))!.Digest);
    }

    [Fact]
    public async Task A_registry_gets_the_images_of_another_store_by_digest_then_the_index_and_a_second_write_moves_no_blob()
    {
        await using var registry = await Buildpacks.TestInfrastructure.Registry.RegistryServer.StartAsync();
        using var store = new Buildpacks.Images.Registry.RegistryStore(Buildpacks.Images.Tests.Registry.RegistryTestSettings.Create());
        var (_, amd64, arm64) = await TwoPlatformsAsync(_temp.Combine("layout"));
        var name = ImageReference.Parse($"{registry.Address}/team/app:1.0");

        var first = await store.WriteIndexAsync(new IndexWriteRequest { Tags = [name], Images = [amd64, arm64] }, default);
        var again = await store.WriteIndexAsync(new IndexWriteRequest { Tags = [name], Images = [amd64, arm64] }, default);

        Assert.Equal(3, first.Statistics.BlobsCopied); // the shared layer once and the two configs
        Assert.Equal(0, again.Statistics.BlobsCopied);
        Assert.Equal(first.Index.Digest, again.Index.Digest);
        var arm = await store.TryReadImageAsync(name, LinuxArm64, default);
        Assert.Equal(arm64.Digest, arm!.Digest);
        Assert.Equal(first.Index.Digest, (await store.TryReadIndexAsync(name, default))!.Descriptor.Digest);
    }
}
