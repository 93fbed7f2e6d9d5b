using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Tasks.Tests.Rebase;

/// <summary>
/// One real app image for the rebase tests, built once: a published web app (<see cref="TestApps"/>), built by the sample builder's
/// <c>/cnb/lifecycle/creator</c> in a container on run image v1 under a run.toml that names this run's own run image
/// (<see cref="RunStable"/>, mirror <see cref="RunMirror"/>), pushed to the loopback registry. Then the "patched" run
/// image is published: <see cref="RunStable"/> moves to v2. Each test copies the app into a repository of its own
/// (<see cref="CopyAppAsync"/>: blobs mounted, nothing uploaded), so tests share no tag.
/// </summary>
public sealed class RebaseFixture : IAsyncLifetime
{
    /// <summary>The persistent loopback registry of build/registry.sh, where the sample stack lives.</summary>
    public const string Registry = "127.0.0.1:5000";

    /// <summary>Run image v1 (marker file says v1).</summary>
    public static readonly ImageReference RunV1 = ImageReference.Parse($"{Registry}/buildpacks-samples/run:bookworm");

    /// <summary>Run image v2 (marker file says v2).</summary>
    public static readonly ImageReference RunV2 = ImageReference.Parse($"{Registry}/buildpacks-samples/run:bookworm-v2");

    /// <summary>What the app answers on /.</summary>
    public const string Greeting = "Hello from a rebased image";

    private readonly TempDirectory _temp = new("bp-rebase");

    /// <summary>This run's repositories live under this prefix.</summary>
    public string Prefix { get; } = $"bp-rebase-tests/{Guid.NewGuid():N}";

    /// <summary>The run image the app records: v1 when the app was built, v2 since.</summary>
    public ImageReference RunStable => ImageReference.Parse($"{Registry}/{Prefix}/run:stable");

    /// <summary>The mirror the app records (v1).</summary>
    public ImageReference RunMirror => ImageReference.Parse($"{Registry}/{Prefix}/run-mirror:stable");

    /// <summary>The app image as built.</summary>
    public ImageReference App => ImageReference.Parse($"{Registry}/{Prefix}/app:v1");

    /// <summary>A registry store the tests use to look (its statistics are theirs to ignore).</summary>
    public RegistryStore Store { get; } = new();

    /// <summary>The app image as built, on v1.</summary>
    public StoredImage AppImage { get; private set; } = null!;

    /// <summary>Run image v1.</summary>
    public StoredImage V1 { get; private set; } = null!;

    /// <summary>Run image v2.</summary>
    public StoredImage V2 { get; private set; } = null!;

    /// <summary>The host's platform (linux/amd64 here).</summary>
    public static Images.Model.ImagePlatform LinuxAmd64 { get; } = Images.Model.ImagePlatform.Parse("linux/amd64");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await RequiredServices.RequireDockerAsync();
        var builder = await SampleBuilderAsync();
        var appDirectory = await TestApps.PublishAsync(TestAppProject.Web(Greeting), AppDeployment.FrameworkDependent);

        await Store.TagAsync(RunV1, RunStable, CancellationToken.None);
        await Store.TagAsync(RunV1, RunMirror, CancellationToken.None);
        var runToml = _temp.WriteFile("run.toml", $"[[images]]\nimage = \"{RunStable}\"\nmirrors = [\"{RunMirror}\"]\n");
        var container = $"bp-rebase-creator-{Guid.NewGuid():N}";
        try
        {
            var create = await ProcessRunner.RunAsync(
                "docker",
                ["-H", "unix://" + RequiredServices.DockerSocket, "run", "--name", container, "--network", "host", "-e", "CNB_PLATFORM_API=0.15",
                    "-v", $"{appDirectory}:/workspace:ro", "-v", $"{runToml}:/rebase-tests/run.toml:ro",
                    builder, "/cnb/lifecycle/creator", "-app", "/workspace", "-run", "/rebase-tests/run.toml", App.ToString()],
                timeout: TimeSpan.FromMinutes(10));
            create.EnsureSuccess($"the sample builder's creator building {App}");
        }
        finally
        {
            await ProcessRunner.RunAsync("docker", ["-H", "unix://" + RequiredServices.DockerSocket, "rm", "--force", container], timeout: TimeSpan.FromMinutes(1));
        }

        // The patched run image is published under the name the app records.
        await Store.TagAsync(RunV2, RunStable, CancellationToken.None);
        AppImage = await ReadAsync(App);
        V1 = await ReadAsync(RunV1);
        V2 = await ReadAsync(RunV2);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Store.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A copy of the app image (on v1) in a repository no other test uses; returns its name with tag <c>1</c>.</summary>
    public async Task<ImageReference> CopyAppAsync(string purpose)
    {
        var copy = UniqueName(purpose, "1");
        await Store.TagAsync(App, copy, CancellationToken.None);
        return copy;
    }

    /// <summary>A name in a repository no other test uses.</summary>
    public ImageReference UniqueName(string purpose, string tag) => ImageReference.Parse($"{Registry}/{Prefix}/{purpose}-{Guid.NewGuid().ToString("N")[..12]}:{tag}");

    /// <summary>Reads an image from the loopback registry (linux/amd64).</summary>
    public async Task<StoredImage> ReadAsync(ImageReference reference) =>
        await Store.TryReadImageAsync(reference, LinuxAmd64, CancellationToken.None) ?? throw new InvalidOperationException($"{reference} is not in the registry");

    /// <summary>The digest <paramref name="reference"/> has in the registry, or null when it is absent.</summary>
    public async Task<Digest?> DigestOfAsync(ImageReference reference) =>
        (await Store.TryReadImageAsync(reference, LinuxAmd64, CancellationToken.None))?.Digest;

    private static async Task<string> SampleBuilderAsync()
    {
        var result = await ProcessRunner.RunAsync("bash", [RepositoryRoot.Combine("build", "sample-builder.sh")], RepositoryRoot.Path, timeout: TimeSpan.FromMinutes(30));
        result.EnsureSuccess("build/sample-builder.sh");
        // The builder is an index: its manifest for this machine's platform, which a by-index pin in the daemon is not.
        return await TestInfrastructure.Images.HostPlatformPin.PinAsync(result.StandardOutput.Trim().Split('\n')[^1]);
    }
}

/// <summary>The tests that share the app image of <see cref="RebaseFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RebaseCollection : ICollectionFixture<RebaseFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "rebase app image";
}
