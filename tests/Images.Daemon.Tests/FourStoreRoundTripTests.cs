using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// One image copied through every store the engine has — registry, OCI layout, docker-archive, OCI archive, daemon —
/// and back: where the format keeps a manifest the digest never changes; through the daemon (which keeps only the
/// config) the image ID does; the content (diff IDs, a file, the config) is the same at the end.
/// </summary>
[Collection(DaemonImagesCollection.Name)]
public sealed class FourStoreRoundTripTests : DaemonTestBase
{
    [Fact]
    public async Task An_image_keeps_its_digest_through_registry_layout_and_archives_and_its_id_through_the_daemon()
    {
        await using var server = await RegistryServer.StartAsync();
        using var registry = new RegistryStore(new RegistrySettings { DockerConfig = null });
        var origin = ImageReference.Parse($"{server.Address}/round-trip/origin:1");
        var layers = new[]
        {
            TestImages.Layer(TestLayerFile.Busybox(Temp.Combine("busybox"))),
            TestImages.Layer(TestLayerFile.Text(Temp.Combine("app"), "app/message.txt", "carried through five stores\n")),
        };
        var written = await registry.WriteImageAsync(TestImages.Request(layers, tags: origin.ToString()), default);

        // Registry → OCI layout → docker-archive → OCI archive → registry (another repository): one manifest digest.
        var layout = new OciLayoutImageStore(Temp.Combine("layout"));
        var dockerArchive = new ImageArchiveStore(Temp.Combine("image.tar"));
        var ociArchive = new ImageArchiveStore(Temp.Combine("image.oci.tar"), ImageArchiveFormat.OciArchive);
        var back = ImageReference.Parse($"{server.Address}/round-trip/back:1");
        var hops = new (IImageStore From, ImageReference FromName, IImageStore To, ImageReference ToName)[]
        {
            (registry, origin, layout, origin),
            (layout, origin, dockerArchive, origin),
            (dockerArchive, origin, ociArchive, origin),
            (ociArchive, origin, registry, back),
        };
        foreach (var (from, fromName, to, toName) in hops)
        {
            var copied = await ImageCopier.CopyAsync(from, fromName, to, [toName], ImagePlatform.LinuxAmd64, default);
            Assert.Equal(written.ManifestDigest, copied.ManifestDigest);
            Assert.Equal(written.ImageId, copied.ImageId);
        }

        // Registry → daemon → registry: the daemon keeps no manifest, so the image ID (config digest) is what survives.
        var daemonName = ImageReference.Parse(UniqueName("round-trip"));
        var loaded = await ImageCopier.CopyAsync(registry, back, Store, [daemonName], ImagePlatform.LinuxAmd64, default);
        Assert.Equal(written.ImageId, loaded.ImageId);
        var again = ImageReference.Parse($"{server.Address}/round-trip/again:1");
        var returned = await ImageCopier.CopyAsync(Store, daemonName, registry, [again], ImagePlatform.LinuxAmd64, default);
        Assert.Equal(written.ImageId, returned.ImageId);

        var final = await registry.TryReadImageAsync(again, ImagePlatform.LinuxAmd64, default);
        Assert.NotNull(final);
        Assert.Equal(layers.Select(l => l.DiffId), final.Config.RootFs.DiffIds);
        Assert.Equal("test", final.Labels["io.buildpacks.test"]);
        Assert.Equal(
            "carried through five stores",
            (await DockerTestCli.RunContainerAsync(daemonName.ToString(), "cat", "/app/message.txt")).Trim());
    }
}
