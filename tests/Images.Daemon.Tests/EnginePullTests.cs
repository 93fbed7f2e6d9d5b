using System.Collections.Concurrent;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>Pulls through the Engine API client from the loopback registry (127.0.0.1:5000), with and without a platform.</summary>
[Collection(DaemonImagesCollection.Name)]
public sealed class EnginePullTests : DaemonTestBase
{
    private const string Registry = "127.0.0.1:5000";

    [Fact]
    public async Task An_image_is_pulled_with_progress_per_layer_and_the_daemon_then_has_it()
    {
        // A layer of its own, so the daemon has to download it (busybox's it may have already).
        var image = ImageReference.Parse($"{Registry}/{DockerTestCli.UniqueRepository("pull")}:1");
        var unique = TestImages.Layer(TestLayerFile.Text(Temp.Combine("unique"), "unique.txt", Guid.NewGuid().ToString()));
        using (var registry = new RegistryStore(new RegistrySettings { DockerConfig = null }))
        {
            await registry.WriteImageAsync(TestImages.Request([TestImages.Layer(TestLayerFile.Busybox(Temp.Combine("busybox"))), unique], tags: image.ToString()), default);
        }

        RemoveAfterTest(image.ToString());
        using var engine = new EngineApiClient(TestDaemon);
        var progress = new Recorded();

        await engine.PullImageAsync(image, platform: null, credential: null, progress, default);

        var inspect = await engine.TryInspectImageAsync(image.ToString(), default);
        Assert.NotNull(inspect);
        Assert.Equal(("linux", "amd64"), (inspect.Os, inspect.Architecture));
        Assert.Equal(2, inspect.DiffIds.Count);
        var layer = unique.Blob.Digest.Hex[..12];
        Assert.Contains(progress.Messages, m => m.LayerId == layer && m.Status == "Pull complete");
        Assert.Contains(progress.Messages, m => m.LayerId == layer && m.Current > 0 && m.Total == unique.Blob.Size);
        Assert.Contains(progress.Messages, m => m.LayerId is null && m.Status.Contains("Downloaded newer image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_image_is_pulled_for_the_platform_asked_and_by_digest()
    {
        var (image, digest) = await PushAsync("pull-platform");
        using var engine = new EngineApiClient(TestDaemon);

        await engine.PullImageAsync(image, ImagePlatform.LinuxAmd64, credential: null, progress: null, default);
        var byDigest = ImageReference.Parse($"{image.Name}@{digest}");
        await engine.PullImageAsync(byDigest, ImagePlatform.LinuxAmd64, credential: null, progress: null, default);

        Assert.NotNull(await engine.TryInspectImageAsync(image.ToString(), default));
        Assert.NotNull(await engine.TryInspectImageAsync(byDigest.ToString(), default));
    }

    [Fact]
    public async Task From_an_image_index_the_daemon_pulls_the_platform_asked_else_its_own()
    {
        // An index of two images that differ in their config's architecture (the layer is the same busybox).
        var repository = $"{Registry}/{DockerTestCli.UniqueRepository("pull-index")}";
        using var registry = new RegistryStore(new RegistrySettings { DockerConfig = null });
        var amd64 = await registry.WriteImageAsync(TestImages.Busybox(Temp.Combine("amd64"), $"{repository}:amd64"), default);
        var arm64Request = TestImages.Busybox(Temp.Combine("arm64"), $"{repository}:arm64");
        var arm64 = await registry.WriteImageAsync(arm64Request with { Config = arm64Request.Config with { Architecture = "arm64" } }, default);
        await PutIndexAsync(repository, "multi", (amd64, "amd64"), (arm64, "arm64"));
        var multi = ImageReference.Parse($"{repository}:multi");
        RemoveAfterTest(multi.ToString());
        using var engine = new EngineApiClient(TestDaemon);

        await engine.PullImageAsync(multi, ImagePlatform.Parse("linux/arm64"), credential: null, progress: null, default);
        var pulledArm = await engine.TryInspectImageAsync(multi.ToString(), default);
        await engine.PullImageAsync(multi, platform: null, credential: null, progress: null, default);
        var pulledOwn = await engine.TryInspectImageAsync(multi.ToString(), default);

        Assert.Equal(("arm64", arm64.ImageId.ToString()), (pulledArm!.Architecture, pulledArm.Id));
        Assert.Equal(("amd64", amd64.ImageId.ToString()), (pulledOwn!.Architecture, pulledOwn.Id));
    }

    [Fact]
    public async Task A_layer_the_registry_corrupts_fails_the_pull_inside_its_answer_with_the_daemons_words()
    {
        // A layer of its own, so the daemon has to download it (it skips layers it has); the proxy flips a byte of it.
        var repository = DockerTestCli.UniqueRepository("pull-corrupt");
        using var registry = new RegistryStore(new RegistrySettings { DockerConfig = null });
        var unique = TestImages.Layer(TestLayerFile.Text(Temp.Combine("unique"), "unique.txt", Guid.NewGuid().ToString()));
        await registry.WriteImageAsync(TestImages.Request([unique], tags: $"{Registry}/{repository}:1"), default);
        await using var proxy = await FaultProxy.StartAsync(Registry);
        proxy.Inject(new Fault(FaultKind.CorruptBody, "GET", "/blobs/" + unique.Blob.Digest, Times: 10));
        var image = ImageReference.Parse($"{proxy.Address}/{repository}:1");
        RemoveAfterTest(image.ToString());
        using var engine = new EngineApiClient(TestDaemon);

        var error = await Assert.ThrowsAsync<DaemonPullException>(() => engine.PullImageAsync(image, platform: null, credential: null, progress: null, default));

        Assert.Equal(image.ToString(), error.Image);
        Assert.Contains("verification failed", error.DaemonMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_the_registry_lacks_fails_the_pull_naming_it()
    {
        var image = ImageReference.Parse($"{Registry}/{DockerTestCli.UniqueRepository("pull-absent")}:1");
        using var engine = new EngineApiClient(TestDaemon);

        var error = await Assert.ThrowsAnyAsync<DaemonException>(() => engine.PullImageAsync(image, platform: null, credential: null, progress: null, default));

        Assert.True(error is DaemonPullException or DaemonRequestException, error.ToString());
        Assert.Contains(image.Repository, error.Message, StringComparison.Ordinal);
    }

    // Written straight to the registry by our registry store, so the daemon has never seen it.
    private async Task<(ImageReference Image, Digest Digest)> PushAsync(string purpose)
    {
        var image = ImageReference.Parse($"{Registry}/{DockerTestCli.UniqueRepository(purpose)}:1");
        using var registry = new RegistryStore(new RegistrySettings { DockerConfig = null });
        var written = await registry.WriteImageAsync(TestImages.Busybox(Temp.Combine(purpose), image.ToString()), default);
        RemoveAfterTest(image.ToString());
        RemoveAfterTest($"{image.Name}@{written.ManifestDigest}");
        return (image, written.ManifestDigest);
    }

    // An OCI index over the manifests, put by hand: the stores write single images.
    private static async Task PutIndexAsync(string repository, string tag, params (ImageWriteResult Image, string Architecture)[] manifests)
    {
        var entries = manifests.Select(m =>
            $"{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{m.Image.ManifestDigest}\",\"size\":{m.Image.ManifestSize},\"platform\":{{\"os\":\"linux\",\"architecture\":\"{m.Architecture}\"}}}}");
        var index = $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciIndex}\",\"manifests\":[{string.Join(",", entries)}]}}";
        using var http = new HttpClient();
        var path = repository[(Registry.Length + 1)..];
        using var content = new StringContent(index, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MediaTypes.OciIndex);
        using var response = await http.PutAsync($"http://{Registry}/v2/{path}/manifests/{tag}", content);
        Assert.True(response.IsSuccessStatusCode, $"the registry refused the index: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private sealed class Recorded : IProgress<ImagePullProgress>
    {
        public ConcurrentQueue<ImagePullProgress> Messages { get; } = new();

        public void Report(ImagePullProgress value) => Messages.Enqueue(value);
    }
}
