using System.Text.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Registry;
using Xunit;

namespace Buildpacks.Images.Tests.Registry;

public sealed class RegistryRoundTripTests
{
    [Fact]
    public async Task PushedImageReadsBackWithTheSameDigestAndContent()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var base1 = RegistryTestImages.Layer(temp, ("etc/os-release", "ID=test"));
        var app = RegistryTestImages.Layer(temp, ("app/hello.txt", "hello"));

        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/team/app:1.0"], [base1, app], label: "round-trip"), CancellationToken.None);
        var read = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/team/app:1.0"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(written.ManifestDigest, read.Digest);
        Assert.Equal(written.ImageId, read.ImageId);
        Assert.Equal("round-trip", read.Labels["test.label"]);
        Assert.Equal([base1.DiffId, app.DiffId], read.Layers.Select(l => l.DiffId));
        var appBytes = await RegistryTestImages.ReadAllAsync(await store.OpenLayerAsync(read, read.Layers[1], CancellationToken.None));
        Assert.Equal(await File.ReadAllBytesAsync(((Stores.FileLayerContent)app.Content).Path), appBytes);
        Assert.Equal(2 + 1, written.Statistics.BlobsCopied);
    }

    [Fact]
    public async Task ImageThatDoesNotExistReadsAsNull()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var store = new RegistryStore(RegistryTestSettings.Create());

        var read = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/nobody/here:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);

        Assert.Null(read);
    }

    [Fact]
    public async Task SkopeoInspectsAndCopiesWhatWePush()
    {
        var skopeo = RequiredServices.RequireTool("skopeo");
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var written = await store.WriteImageAsync(
            RegistryTestImages.Image([$"{registry.Address}/skopeo/app:v1"], [RegistryTestImages.Layer(temp, ("a.txt", "a")), RegistryTestImages.Layer(temp, ("b.txt", "b"))]),
            CancellationToken.None);

        var inspect = await ProcessRunner.RunAsync(skopeo, ["inspect", "--tls-verify=false", $"docker://{registry.Address}/skopeo/app:v1"]);
        inspect.EnsureSuccess("skopeo inspect");
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(written.ManifestDigest.ToString(), json.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("Layers").GetArrayLength());

        var copy = await ProcessRunner.RunAsync(skopeo, ["--insecure-policy", "copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{registry.Address}/skopeo/app:v1", $"docker://{registry.Address}/skopeo/copy:v1"]);
        copy.EnsureSuccess("skopeo copy");
        var copied = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/skopeo/copy:v1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.NotNull(copied);
        Assert.Equal(written.ImageId, copied.ImageId);
    }

    [Fact]
    public async Task TaggingAddsANameWithoutAnyBlobTraffic()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(registry.Address);
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{proxy.Address}/tag/app:1"], [RegistryTestImages.Layer(temp, ("x", "x"))]), CancellationToken.None);
        proxy.ClearLog();

        await store.TagAsync(ImageReference.Parse($"{proxy.Address}/tag/app:1"), ImageReference.Parse($"{proxy.Address}/tag/app:latest"), CancellationToken.None);

        Assert.DoesNotContain(proxy.Requests, r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal));
        Assert.Contains(proxy.Requests, r => r.Method == "PUT" && r.PathAndQuery.EndsWith("/manifests/latest", StringComparison.Ordinal));
        var tagged = await store.TryReadImageAsync(ImageReference.Parse($"{proxy.Address}/tag/app:latest"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(written.ManifestDigest, tagged!.Digest);
    }

    [Fact]
    public async Task TaggingIntoAnotherRepositoryMountsTheBlobsThere()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        var written = await store.WriteImageAsync(RegistryTestImages.Image([$"{registry.Address}/one/app:1"], [RegistryTestImages.Layer(temp, ("x", "x"))]), CancellationToken.None);
        var uploadedBefore = store.Statistics.BytesUploaded;

        await store.TagAsync(ImageReference.Parse($"{registry.Address}/one/app:1"), ImageReference.Parse($"{registry.Address}/two/app:1"), CancellationToken.None);

        var tagged = await store.TryReadImageAsync(ImageReference.Parse($"{registry.Address}/two/app:1"), ImagePlatform.LinuxAmd64, CancellationToken.None);
        Assert.Equal(written.ManifestDigest, tagged!.Digest);
        Assert.Equal(uploadedBefore, store.Statistics.BytesUploaded);
        Assert.Equal(2, store.Statistics.BlobsMounted);
    }

    [Fact]
    public async Task ListingTagsGivesEveryTagSorted()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory();
        using var store = new RegistryStore(RegistryTestSettings.Create());
        string[] tags = ["b", "a", "e", "c", "d"];
        await store.WriteImageAsync(RegistryTestImages.Image(tags.Select(t => $"{registry.Address}/listed/app:{t}"), [RegistryTestImages.Layer(temp, ("x", "x"))]), CancellationToken.None);

        var listed = await store.ListTagsAsync(ImageReference.Parse($"{registry.Address}/listed/app"), CancellationToken.None);

        Assert.Equal(["a", "b", "c", "d", "e"], listed);
    }

    [Fact]
    public async Task ListingTagsOfAnUnknownRepositoryGivesNone()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var store = new RegistryStore(RegistryTestSettings.Create());

        var listed = await store.ListTagsAsync(ImageReference.Parse($"{registry.Address}/nothing/here"), CancellationToken.None);

        Assert.Empty(listed);
    }
}
