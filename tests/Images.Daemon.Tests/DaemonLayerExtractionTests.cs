using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// A daemon layer is an uncompressed tar, so a reader of its entries (as the lifecycle's SBOM restore is) reads the
/// verified layer stream straight through System.Formats.Tar, which asks for zero bytes at the end of each entry's
/// content. Such a read is not the end of the layer and must not be taken for it (once it was, and the digest of a
/// half-read layer was reported as corrupt).
/// </summary>
[Collection(DaemonImagesCollection.Name)]
public sealed class DaemonLayerExtractionTests : DaemonTestBase
{
    [Fact]
    public async Task A_layer_read_back_from_the_daemon_extracts_entry_by_entry_with_its_digest_verified()
    {
        var name = UniqueName("extract");
        var work = Temp.Combine("work");
        var files = new Dictionary<string, (byte[] Content, UnixFileMode Mode)>
        {
            ["layers/sbom/launch/a/sbom.cdx.json"] = ("{\"bomFormat\":\"CycloneDX\"}"u8.ToArray(), (UnixFileMode)0b110_100_100),
            ["layers/sbom/launch/b/c/sbom.cdx.json"] = (new byte[772], (UnixFileMode)0b110_100_100),
        };
        await Store.WriteImageAsync(TestImages.Request([TestImages.Layer(TestLayerFile.Write(work, files))], tags: name), default);
        var image = await Store.TryReadImageAsync(ImageReference.Parse(name), ImagePlatform.LinuxAmd64, default);
        Assert.NotNull(image);
        var destination = Temp.Combine("extracted");

        var layer = await Store.OpenLayerAsync(image, Assert.Single(image.Layers), default);
        await using (layer)
        {
            await LayerExtractor.ExtractAsync(layer, destination, cancellationToken: default);

            // Reading on to the end of the layer verifies its digest over every byte.
            var rest = new byte[4096];
            while (await layer.ReadAsync(rest) > 0)
            {
            }
        }

        Assert.Equal("{\"bomFormat\":\"CycloneDX\"}", await File.ReadAllTextAsync(Path.Combine(destination, "layers/sbom/launch/a/sbom.cdx.json")));
        Assert.Equal(772, new FileInfo(Path.Combine(destination, "layers/sbom/launch/b/c/sbom.cdx.json")).Length);
    }
}
