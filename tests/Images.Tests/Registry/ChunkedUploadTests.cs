using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class ChunkedUploadTests
{
    [Fact]
    public async Task AForcedChunkedUploadSendsContentRangesTheRegistryAccepts()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create() with { ForceChunkedUpload = true, ChunkSize = 4096 });
        var layer = RegistryTestImages.RandomLayer(temp, 20_000, 11);

        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/chunked/app:1"], [layer]), CancellationToken.None);

        var patches = proxy.Requests.Where(r => r.Method == "PATCH").ToList();
        var expectedChunks = (int)((layer.Blob.Size + 4095) / 4096);
        Assert.True(patches.Count >= expectedChunks, $"{patches.Count} PATCHes");
        var layerPatches = patches.Where(p => p.ContentRange!.StartsWith("0-", StringComparison.Ordinal) && p.ContentLength == 4096).Take(1).ToList();
        Assert.NotEmpty(layerPatches);
        Assert.Contains(patches, p => p.ContentRange == "4096-8191" && p.ContentLength == 4096 && p.RequestBytes == 4096);
        Assert.Contains(patches, p => p.ContentRange == $"{expectedChunks * 4096 - 4096}-{layer.Blob.Size - 1}");
        Assert.All(patches, p => Assert.Equal(202, p.Status));
        Assert.Equal(patches.Count, store.Statistics.Requests(HttpMethod.Patch));

        var read = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/chunked/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(written.ManifestDigest, read!.Digest);
        var bytes = await RegistryTestImages.ReadAllAsync(await store.OpenLayerAsync(read, read.Layers[0], CancellationToken.None));
        Assert.Equal(layer.Blob.Size, bytes.Length);
    }

    [Fact]
    public async Task BlobsAboveTheThresholdAreStreamedInOnePatchWithoutRangesAndSmallerOnesArePutWhole()
    {
        // go-containerregistry's form: Artifact Registry refuses ranged chunks and GHCR caps them at 4 MiB.
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create() with { StreamedUploadThreshold = 10_000, ChunkSize = 8192 });
        var large = RegistryTestImages.RandomLayer(temp, 30_000, 12);
        var small = RegistryTestImages.Layer(temp, ("small.txt", "small"));

        await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/threshold/app:1"], [large, small]), CancellationToken.None);

        var patch = Assert.Single(proxy.Requests, r => r.Method == "PATCH");
        Assert.Equal(large.Blob.Size, patch.RequestBytes);
        Assert.Equal(large.Blob.Size, patch.ContentLength);
        Assert.Null(patch.ContentRange);
        var puts = proxy.Requests.Where(r => r.Method == "PUT" && r.PathAndQuery.Contains("/blobs/uploads/", StringComparison.Ordinal)).ToList();
        Assert.Contains(puts, r => r.RequestBytes == small.Blob.Size);
        Assert.Contains(puts, r => r.RequestBytes == 0 && r.PathAndQuery.Contains(Uri.EscapeDataString(large.Blob.Digest.ToString()), StringComparison.Ordinal));

        var read = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/threshold/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        var bytes = await RegistryTestImages.ReadAllAsync(await store.OpenLayerAsync(read!, read!.Layers[0], CancellationToken.None));
        Assert.Equal(large.Blob.Size, bytes.Length);
    }
}
