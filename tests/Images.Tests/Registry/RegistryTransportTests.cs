using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class RegistryTransportTests
{
    [Fact]
    public async Task ALoopbackRegistryWithASelfSignedCertificateIsReachedOverHttps()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { UseTls = true });
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());

        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/tls/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);
        var read = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/tls/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(written.ManifestDigest, read!.Digest);
    }

    [Fact]
    public async Task TransfersRunAtMostTheConfiguredNumberAtOnce()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create() with { MaxParallelTransfers = 2 });
        var layers = Enumerable.Range(0, 6).Select(i => RegistryTestImages.Layer(temp, ($"layer{i}.txt", $"content {i}"))).ToList();
        await store.ListTagsAsync(ImageReference.Parse($"{proxy.Address}/parallel/app"), CancellationToken.None); // connect and authenticate first
        proxy.Inject(new Fault(FaultKind.Delay, "HEAD", "/blobs/", Times: 100, DelayMilliseconds: 300));

        await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/parallel/app:1"], layers), CancellationToken.None);

        Assert.Equal(2, proxy.MaxConcurrentRequests);
    }

    [Fact]
    public async Task StatisticsCountRequestsByMethod()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());

        await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/counted/app:1"], [RegistryTestImages.Layer(temp, ("a", "a"))]), CancellationToken.None);

        foreach (var method in new[] { HttpMethod.Head, HttpMethod.Post, HttpMethod.Put })
        {
            Assert.Equal(proxy.Requests.Count(r => r.Method == method.Method), store.Statistics.Requests(method));
        }

        // One GET more than the proxy saw: the HTTPS attempt that a plain-HTTP loopback registry refuses.
        Assert.Equal(proxy.Requests.Count(r => r.Method == "GET") + 1, store.Statistics.Requests(HttpMethod.Get));

        Assert.Equal(2, store.Statistics.BlobsUploaded);
    }
}
