using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class IndexPlatformTests
{
    [Fact]
    public async Task ReadingATwoPlatformIndexGivesTheManifestOfTheAskedPlatform()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var index = await PushIndexAsync(store, registry.Address, temp);

        var arm = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/multi/app:1"), ImagePlatform.Parse("linux/arm64"), CancellationToken.None);
        var amd = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/multi/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal("arm64", arm!.Config.Architecture);
        Assert.Equal("arm", arm.Labels["test.label"]);
        Assert.Equal(index, arm.IndexDigest);
        Assert.Equal("amd64", amd!.Config.Architecture);
        Assert.NotEqual(arm.Digest, amd.Digest);
    }

    [Fact]
    public async Task APlatformTheIndexLacksFailsNamingTheOnesItHas()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        await PushIndexAsync(store, registry.Address, temp);

        var error = await Assert.ThrowsAsync<PlatformNotInIndexException>(() =>
            store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/multi/app:1"), ImagePlatform.Parse("linux/s390x"), CancellationToken.None));

        Assert.Contains("linux/amd64", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux/arm64", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Digest> PushIndexAsync(RegistryStore store, string registry, TempDirectory temp)
    {
        var arm64 = ImagePlatform.Parse("linux/arm64/v8");
        var amd = await store.WriteImageAsync(RegistryTestImages.Image([$"{registry}/multi/app:amd64"], [RegistryTestImages.Layer(temp, ("arch", "amd64"))], ImagePlatform.LinuxAmd64, "amd"), CancellationToken.None);
        var arm = await store.WriteImageAsync(RegistryTestImages.Image([$"{registry}/multi/app:arm64"], [RegistryTestImages.Layer(temp, ("arch", "arm64"))], arm64, "arm"), CancellationToken.None);
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests =
            [
                new Descriptor { MediaType = MediaTypes.OciManifest, Digest = amd.ManifestDigest, Size = amd.ManifestSize, Platform = ImagePlatform.LinuxAmd64 },
                new Descriptor { MediaType = MediaTypes.OciManifest, Digest = arm.ManifestDigest, Size = arm.ManifestSize, Platform = arm64 },
            ],
        };
        return await store.ClientFor(registry).PutManifestAsync("multi/app", "1", ImageJson.Serialize(index), MediaTypes.OciIndex, CancellationToken.None);
    }
}
