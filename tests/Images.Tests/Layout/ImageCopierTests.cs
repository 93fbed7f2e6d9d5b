using System.Text;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Tests.Layout;

public sealed class ImageCopierTests : IDisposable
{
    private readonly TempDirectory _temp = new("bp-copier");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_copy_of_an_image_another_tool_wrote_keeps_its_config_and_manifest_bytes()
    {
        // JSON our serialiser would not reproduce: nanosecond time, explicit nulls, Docker's field order.
        var reference = ImageReference.Parse("example.com/foreign:1.0");
        var source = new OciLayoutImageStore(_temp.Combine("source"));
        var layer = TestImages.Layer(TestLayerFile.Busybox(_temp.Combine("work")));
        await source.WriteImageAsync(TestImages.Request([layer], tags: "example.com/seed:1"), default);
        var configBytes = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"config\":{\"Env\":null,\"Cmd\":null,\"Entrypoint\":[\"/bin/busybox\"],\"Labels\":null},"
            + "\"created\":\"2024-05-06T07:08:09.123456789Z\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer.DiffId + "\"]}}");
        var manifestBytes = Encoding.UTF8.GetBytes(
            "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"" + MediaTypes.OciManifest + "\",\n   \"config\": {\"mediaType\": \"" + MediaTypes.OciConfig
            + "\", \"size\": " + configBytes.Length + ", \"digest\": \"" + Digest.Compute(configBytes) + "\"},\n   \"layers\": [{\"mediaType\": \"" + layer.Blob.MediaType
            + "\", \"size\": " + layer.Blob.Size + ", \"digest\": \"" + layer.Blob.Digest + "\"}]\n}");
        await File.WriteAllBytesAsync(source.BlobPath(Digest.Compute(configBytes)), configBytes);
        await File.WriteAllBytesAsync(source.BlobPath(Digest.Compute(manifestBytes)), manifestBytes);
        var indexPath = Path.Combine(source.Root, "index.json");
        var index = ImageJson.ParseIndex(await File.ReadAllBytesAsync(indexPath), "test");
        var entry = OciLayoutNames.Name(new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute(manifestBytes), Size = manifestBytes.Length }, reference);
        await File.WriteAllBytesAsync(indexPath, ImageJson.Serialize(index with { Manifests = [.. index.Manifests, entry] }));
        var destination = new OciLayoutImageStore(_temp.Combine("destination"));

        var copied = await ImageCopier.CopyAsync(source, reference, destination, [reference], ImagePlatform.LinuxAmd64, default);

        Assert.Equal(Digest.Compute(manifestBytes), copied.ManifestDigest);
        Assert.Equal(Digest.Compute(configBytes), copied.ImageId);
        Assert.Equal(configBytes, await File.ReadAllBytesAsync(destination.BlobPath(copied.ImageId)));
    }

    [Fact]
    public async Task A_changed_config_is_composed_afresh_rather_than_copied()
    {
        var reference = ImageReference.Parse("example.com/app:1.0");
        var store = new OciLayoutImageStore(_temp.Combine("layout"));
        var written = await store.WriteImageAsync(TestImages.Busybox(_temp.Combine("work"), reference.ToString()), default);
        var image = await store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, default);
        var request = new ImageWriteRequest
        {
            Tags = [reference.WithTag("2.0")],
            Config = image!.Config with { Author = "someone else" },
            Layers = image.Layers.Select(l => LayerToWrite.From(image, l)).ToList(),
            CopiedFrom = image,
        };

        var changed = await store.WriteImageAsync(request, default);

        Assert.NotEqual(written.ImageId, changed.ImageId);
        var reread = await store.TryReadImageAsync(reference.WithTag("2.0"), ImagePlatform.LinuxAmd64, default);
        Assert.Equal("someone else", reread!.Config.Author);
    }
}
