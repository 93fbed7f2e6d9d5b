using System.Collections.Concurrent;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>Pulls through the Engine API client from the loopback registry (127.0.0.1:5000), with and without a platform.</summary>
[Collection(DaemonImagesCollection.Name)]
public sealed class EnginePullTests : DaemonTestBase
{
    private const string Registry = "127.0.0.1:5000";

    [Fact]
    public async Task An_image_is_pulled_with_progress_per_layer_and_the_daemon_then_has_it()
    {
        var (image, _) = await PushAsync("pull");
        using var engine = new EngineApiClient(TestDaemon);
        var progress = new Recorded();

        await engine.PullImageAsync(image, platform: null, credential: null, progress, default);

        var inspect = await engine.TryInspectImageAsync(image.ToString(), default);
        Assert.NotNull(inspect);
        Assert.Equal(("linux", "amd64"), (inspect.Os, inspect.Architecture));
        Assert.Contains(progress.Messages, m => m.LayerId is not null && m.Status == "Pull complete");
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
    public async Task A_platform_the_image_is_not_for_fails_the_pull_with_the_daemons_words()
    {
        var (image, _) = await PushAsync("pull-arm");
        using var engine = new EngineApiClient(TestDaemon);

        var error = await Assert.ThrowsAnyAsync<DaemonException>(() => engine.PullImageAsync(image, ImagePlatform.Parse("linux/arm64"), credential: null, progress: null, default));

        Assert.True(error is DaemonPullException or DaemonRequestException, error.ToString());
        Assert.Contains("arm64", error.Message, StringComparison.Ordinal);
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

    private sealed class Recorded : IProgress<ImagePullProgress>
    {
        public ConcurrentQueue<ImagePullProgress> Messages { get; } = new();

        public void Report(ImagePullProgress value) => Messages.Enqueue(value);
    }
}
