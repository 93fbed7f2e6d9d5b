using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

/// <summary>
/// What a registry client remembers within its life (RegistryReadMemo): content named by digest and the blobs it knows
/// a repository holds, never what a tag names.
/// </summary>
public sealed class RegistryReadMemoTests
{
    [Fact]
    public async Task An_image_read_again_asks_for_its_tag_only()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        var reference = ImageReference.Parse($"{proxy.Address}/memo/run:1");
        using (var writer = new RegistryStore(RegistryTestSettings.Create()))
        {
            await writer.WriteImageAsync(RegistryTestImages.Image([reference.ToString()], [RegistryTestImages.Layer(temp, ("a.txt", "a"))]), CancellationToken.None);
        }

        proxy.ClearLog();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var first = await store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None);
        var second = await store.TryReadImageAsync(reference, ImagePlatform.LinuxAmd64, CancellationToken.None);
        var byDigest = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/memo/run@{first!.Digest}"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Equal(first.ConfigBytes, second!.ConfigBytes);
        Assert.Equal(first.ManifestBytes, byDigest!.ManifestBytes);
        var requests = proxy.Requests.Where(r => r.Method == "GET" && !r.PathAndQuery.EndsWith("/v2/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, requests.Count(r => r.PathAndQuery.EndsWith("/manifests/1", StringComparison.Ordinal)));
        Assert.DoesNotContain(requests, r => r.PathAndQuery.Contains("/manifests/sha256:", StringComparison.Ordinal));
        Assert.Single(requests, r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tag_read_again_names_what_another_client_wrote_since()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        var tag = $"{registry.Address}/memo/app:1";
        using var store = new RegistryStore(RegistryTestSettings.Create());
        await store.WriteImageAsync(RegistryTestImages.Image([tag], [RegistryTestImages.Layer(temp, ("a.txt", "one"))], label: "one"), CancellationToken.None);
        var before = await store.TryReadImageAsync(ImageReference.Parse(tag), ImagePlatform.LinuxAmd64, CancellationToken.None);

        using (var other = new RegistryStore(RegistryTestSettings.Create()))
        {
            await other.WriteImageAsync(RegistryTestImages.Image([tag], [RegistryTestImages.Layer(temp, ("a.txt", "two"))], label: "two"), CancellationToken.None);
        }

        var after = await store.TryReadImageAsync(ImageReference.Parse(tag), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal("one", before!.Config.Config!.Labels!["test.label"]);
        Assert.Equal("two", after!.Config.Config!.Labels!["test.label"]);
    }

    [Fact]
    public async Task Writing_an_image_that_shares_the_layers_of_one_read_from_its_repository_checks_none_of_them()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        var base1 = RegistryTestImages.RandomLayer(temp, 20_000, 11);
        var base2 = RegistryTestImages.RandomLayer(temp, 20_000, 12);
        var tag = $"{proxy.Address}/memo/app:1";
        using (var writer = new RegistryStore(RegistryTestSettings.Create()))
        {
            await writer.WriteImageAsync(RegistryTestImages.Image([tag], [base1, base2]), CancellationToken.None);
        }

        using var store = new RegistryStore(RegistryTestSettings.Create());
        var previous = await store.TryReadImageAsync(ImageReference.Parse(tag), ImagePlatform.LinuxAmd64, CancellationToken.None);
        proxy.ClearLog();
        var layers = previous!.Layers.Select(l => LayerToWrite.From(previous, l)).Append(RegistryTestImages.Layer(temp, ("app.dll", "v2"))).ToList();

        var result = await store.WriteImageAsync(RegistryTestImages.Image([tag], layers, label: "v2"), CancellationToken.None);

        Assert.Equal((2, 2), (result.Statistics.BlobsSkipped, result.Statistics.BlobsCopied));
        foreach (var digest in new[] { base1.Blob.Digest, base2.Blob.Digest })
        {
            Assert.DoesNotContain(proxy.Requests, r => r.PathAndQuery.Contains(digest.ToString(), StringComparison.Ordinal));
        }

        // A blob this client has not seen there is still asked for: the new layer and the config.
        Assert.Equal(2, proxy.Requests.Count(r => r.Method == "HEAD" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal)));
        var written = await new RegistryStore(RegistryTestSettings.Create()).TryReadImageAsync(ImageReference.Parse(tag), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(result.ManifestDigest, written!.Digest);
    }

    [Fact]
    public async Task A_layer_read_from_one_repository_is_still_checked_in_another()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        var layer = RegistryTestImages.RandomLayer(temp, 20_000, 13);
        using (var writer = new RegistryStore(RegistryTestSettings.Create()))
        {
            await writer.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/memo/base:1"], [layer]), CancellationToken.None);
        }

        using var store = new RegistryStore(RegistryTestSettings.Create());
        var baseImage = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/memo/base:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        proxy.ClearLog();

        var result = await store.WriteImageAsync(
            RegistryTestImages.Image([$"{proxy.Address}/memo/app:1"], [.. baseImage!.Layers.Select(l => LayerToWrite.From(baseImage, l))]), CancellationToken.None);

        Assert.Equal(1, result.Statistics.BlobsMounted);
        Assert.Contains(proxy.Requests, r => r.Method == "HEAD" && r.PathAndQuery.Contains($"/memo/app/blobs/{layer.Blob.Digest}", StringComparison.Ordinal));
    }
}
