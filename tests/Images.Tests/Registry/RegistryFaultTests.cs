using System.Diagnostics;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class RegistryFaultTests
{
    [Fact]
    public async Task A429IsRetriedAfterTheRetryAfterDelay()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var reference = ImageReference.Parse($"{proxy.Address}/busy/app:1");
        var written = await store.WriteImageAsync(RegistryTestImages.Image([reference.ToString()], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);
        proxy.Inject(new Fault(FaultKind.TooManyRequests, "GET", "/manifests/", Times: 1, RetryAfterSeconds: 2));

        var clock = Stopwatch.StartNew();
        var read = await store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(written.ManifestDigest, read!.Digest);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {clock.Elapsed}, before the 2 s Retry-After");
        Assert.Equal(1, store.Statistics.Retries);
        Assert.Contains(proxy.Requests, r => r.Status == 429);
    }

    [Fact]
    public async Task A503IsRetried()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        proxy.Inject(new Fault(FaultKind.ServiceUnavailable, "PUT", "/manifests/", Times: 2));

        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/flaky/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);

        Assert.Equal(2, store.Statistics.Retries);
        var read = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/flaky/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(written.ManifestDigest, read!.Digest);
    }

    [Fact]
    public async Task AConnectionResetDuringAnUploadRestartsTheUploadFromScratch()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create() with { MaxParallelTransfers = 1 });
        var layer = RegistryTestImages.RandomLayer(temp, 50_000, 7);
        proxy.Inject(new Fault(FaultKind.ResetConnection, "PUT", "/blobs/uploads/", Times: 1));

        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/reset/app:1"], [layer]), CancellationToken.None);

        Assert.True(store.Statistics.Retries >= 1);
        Assert.Contains(proxy.Requests, r => r.Fault == FaultKind.ResetConnection);

        // Two blobs, one of them twice: each attempt opened a fresh upload session.
        Assert.Equal(3, proxy.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.Contains("/blobs/uploads/", StringComparison.Ordinal)));
        var read = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/reset/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(written.ManifestDigest, read!.Digest);
        var bytes = await RegistryTestImages.ReadAllAsync(await store.OpenLayerAsync(read, read.Layers[0], CancellationToken.None));
        Assert.Equal(layer.Blob.Size, bytes.Length);
    }

    [Fact]
    public async Task RetriesAreBoundedAndTheErrorNamesTheRegistry()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var store = new RegistryStore(RegistryTestSettings.Create() with { MaxAttempts = 3 });
        var reference = ImageReference.Parse($"{proxy.Address}/down/app:1");
        await store.ListTagsAsync(reference, CancellationToken.None); // connect before the faults start
        proxy.ClearLog();
        proxy.Inject(new Fault(FaultKind.ServiceUnavailable, "GET", "/manifests/", Times: 100));

        var error = await Assert.ThrowsAsync<RegistryRequestException>(() => store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None));

        Assert.Equal(3, proxy.Requests.Count(r => r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains($"{proxy.Address}/down/app", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlobCorruptedInTransitIsRefused()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var reference = ImageReference.Parse($"{proxy.Address}/corrupt/app:1");
        await store.WriteImageAsync(RegistryTestImages.Image([reference.ToString()], [RegistryTestImages.RandomLayer(temp, 10_000, 8)]), CancellationToken.None);
        var read = await store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None);
        proxy.Inject(new Fault(FaultKind.CorruptBody, "GET", "/blobs/sha256:", Times: 1));

        var error = await Assert.ThrowsAsync<BlobDigestMismatchException>(async () =>
            await RegistryTestImages.ReadAllAsync(await store.OpenLayerAsync(read!, read!.Layers[0], CancellationToken.None)));

        Assert.Equal(read!.Layers[0].Blob.Digest, error.Expected);
        Assert.Contains($"{proxy.Address}/corrupt/app", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlobCorruptedInTheRegistryStorageIsRefused()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var reference = ImageReference.Parse($"{registry.Address}/rotten/app:1");
        var layer = RegistryTestImages.RandomLayer(temp, 10_000, 9);
        await store.WriteImageAsync(RegistryTestImages.Image([reference.ToString()], [layer]), CancellationToken.None);
        var read = await store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None);
        var data = registry.BlobDataPath(layer.Blob.Digest.ToString());
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[bytes.Length / 2] ^= 0x55;
        await File.WriteAllBytesAsync(data, bytes);

        await Assert.ThrowsAsync<BlobDigestMismatchException>(async () =>
            await RegistryTestImages.ReadAllAsync(await store.OpenLayerAsync(read!, read!.Layers[0], CancellationToken.None)));
    }

    [Fact]
    public async Task ACorruptSourceBlobIsNotCopiedToAnotherRegistry()
    {
        await using var source = await RegistryServer.StartAsync();
        await using var destination = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var layer = RegistryTestImages.RandomLayer(temp, 10_000, 10);
        await store.WriteImageAsync(RegistryTestImages.Image([$"{source.Address}/base/os:1"], [layer]), CancellationToken.None);
        var baseImage = await store.TryReadImageAsync(ImageReference.Parse($"{source.Address}/base/os:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        var data = source.BlobDataPath(layer.Blob.Digest.ToString());
        var bytes = await File.ReadAllBytesAsync(data);
        bytes[10] ^= 0x01;
        await File.WriteAllBytesAsync(data, bytes);

        await Assert.ThrowsAsync<BlobDigestMismatchException>(() => store.WriteImageAsync(
            RegistryTestImages.Image([$"{destination.Address}/base/os:1"], baseImage!.Layers.Select(l => LayerToWrite.From(baseImage, l)).ToList()),
            CancellationToken.None));

        Assert.False(await store.ClientFor(destination.Address).BlobExistsAsync("base/os", layer.Blob.Digest, CancellationToken.None));
        Assert.Equal(0, store.Statistics.Retries);
    }

    [Fact]
    public async Task ACorruptConfigIsRefusedWhenReadingTheImage()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var reference = ImageReference.Parse($"{proxy.Address}/badconfig/app:1");
        var written = await store.WriteImageAsync(RegistryTestImages.Image([reference.ToString()], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);
        proxy.Inject(new Fault(FaultKind.CorruptBody, "GET", "/blobs/" + written.ImageId, Times: 1));

        await Assert.ThrowsAsync<BlobDigestMismatchException>(() => store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None));
    }
}
