using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class BlobReuseTests
{
    [Fact]
    public async Task PushingAnImageWhoseBaseLayersArePresentUploadsNoneOfThem()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        var base1 = RegistryTestImages.RandomLayer(temp, 20_000, 1);
        var base2 = RegistryTestImages.RandomLayer(temp, 30_000, 2);
        using (var first = new RegistryStore(RegistryTestSettings.Create()))
        {
            await first.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/shop/base:1"], [base1, base2]), CancellationToken.None);
        }

        proxy.ClearLog();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var baseImage = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/shop/base:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        var app = RegistryTestImages.Layer(temp, ("app/app.dll", "app"));
        var layers = baseImage!.Layers.Select(l => LayerToWrite.From(baseImage, l)).Append(app).ToList();
        var uploadedBefore = store.Statistics.BytesUploaded;

        var result = await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/shop/base:app"], layers), CancellationToken.None);

        Assert.Equal(2, result.Statistics.BlobsSkipped);
        Assert.Equal(2, result.Statistics.BlobsCopied); // the app layer and the config
        Assert.Equal(result.Statistics.BytesCopied, store.Statistics.BytesUploaded - uploadedBefore);
        Assert.True(store.Statistics.BytesUploaded - uploadedBefore < base1.Blob.Size, "no base layer bytes were uploaded");
        Assert.Equal(2, store.Statistics.BlobsSkipped);

        // The proxy saw the base layers only as HEADs, and only two uploads: app layer and config.
        var requests = proxy.Requests;
        foreach (var digest in new[] { base1.Blob.Digest, base2.Blob.Digest })
        {
            Assert.All(
                requests.Where(r => r.PathAndQuery.Contains(digest.ToString(), StringComparison.Ordinal) || r.PathAndQuery.Contains(Uri.EscapeDataString(digest.ToString()), StringComparison.Ordinal)),
                r => Assert.Equal("HEAD", r.Method));
        }

        Assert.Equal(2, requests.Count(r => r.Method == "POST" && r.PathAndQuery.Contains("/blobs/uploads/", StringComparison.Ordinal)));
        Assert.True(requests.Where(r => r.Method is "PUT" or "PATCH").Sum(r => r.RequestBytes) < base1.Blob.Size);
    }

    [Fact]
    public async Task PushingToAnotherRepositoryMountsInsteadOfUploading()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        var base1 = RegistryTestImages.RandomLayer(temp, 40_000, 3);
        using var store = new RegistryStore(RegistryTestSettings.Create());
        await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/runtimes/base:1"], [base1]), CancellationToken.None);
        var baseImage = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/runtimes/base:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        proxy.ClearLog();
        var uploadedBefore = store.Statistics.BytesUploaded;

        var result = await store.WriteImageAsync(
            RegistryTestImages.Image([$"{proxy.Address}/apps/shop:1"], baseImage!.Layers.Select(l => LayerToWrite.From(baseImage, l)).ToList(), label: "other config"),
            CancellationToken.None);

        Assert.Equal(1, result.Statistics.BlobsMounted);
        Assert.Equal(1, result.Statistics.BlobsCopied); // only the new config
        Assert.True(store.Statistics.BytesUploaded - uploadedBefore < base1.Blob.Size);
        var mount = Assert.Single(proxy.Requests, r => r.Method == "POST" && r.PathAndQuery.Contains("mount=", StringComparison.Ordinal));
        Assert.Equal(201, mount.Status);
        Assert.Contains("from=runtimes%2Fbase", mount.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(proxy.Requests, r => r.Method is "PUT" or "PATCH" && r.RequestBytes >= base1.Blob.Size);
    }

    [Fact]
    public async Task TagsInOtherRepositoriesOfTheSameRegistryGetTheirBlobsByMount()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        var layer = RegistryTestImages.RandomLayer(temp, 25_000, 4);
        using var store = new RegistryStore(RegistryTestSettings.Create());

        var result = await store.WriteImageAsync(
            RegistryTestImages.Image([$"{registry.Address}/team/app:1", $"{registry.Address}/mirror/app:1"], [layer]),
            CancellationToken.None);

        Assert.Equal(2, result.Statistics.BlobsCopied); // layer and config, once
        Assert.Equal(2, result.Statistics.BlobsMounted); // into the second repository
        foreach (var name in new[] { "team/app:1", "mirror/app:1" })
        {
            var read = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/{name}"), ImagePlatform.LinuxAmd64, CancellationToken.None);
            Assert.Equal(result.ManifestDigest, read!.Digest);
        }
    }

    [Fact]
    public async Task ALayerFromAnotherRegistryIsStreamedAcross()
    {
        await using var source = await RegistryServer.StartAsync();
        await using var destination = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        var layer = RegistryTestImages.RandomLayer(temp, 10_000, 5);
        using var store = new RegistryStore(RegistryTestSettings.Create());
        await store.WriteImageAsync(RegistryTestImages.Image([$"{source.Address}/base/os:1"], [layer]), CancellationToken.None);
        var baseImage = await store.TryReadImageAsync(ImageReference.Parse($"{source.Address}/base/os:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        var result = await store.WriteImageAsync(
            RegistryTestImages.Image([$"{destination.Address}/base/os:1"], baseImage!.Layers.Select(l => LayerToWrite.From(baseImage, l)).ToList()),
            CancellationToken.None);

        Assert.Equal(0, result.Statistics.BlobsMounted);
        Assert.Equal(2, result.Statistics.BlobsCopied);
        var copied = await store.TryReadImageAsync(ImageReference.Parse($"{destination.Address}/base/os:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(result.ManifestDigest, copied!.Digest);
    }
}
