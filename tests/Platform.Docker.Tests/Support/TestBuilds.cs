using Buildpacks.Images.References;
using Buildpacks.Platform.Execution;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Platform.Docker.Tests.Support;

/// <summary>Requests against the sample builder, and the checks every build test ends with.</summary>
public static class TestBuilds
{
    /// <summary>The sample builder (build/sample-builder.sh).</summary>
    public const string Builder = "127.0.0.1:5000/buildpacks-samples/builder:bookworm";

    /// <summary>The sample builder's run image.</summary>
    public const string RunImage = "127.0.0.1:5000/buildpacks-samples/run:bookworm";

    /// <summary>The label every resource of a build carries.</summary>
    public const string BuildLabel = "io.buildpacks.msbuild.build";

    /// <summary>
    /// A request for <paramref name="app"/> into the daemon under <paramref name="tag"/>; an untrusted one runs its
    /// privileged phases from <paramref name="lifecycleImage"/> (<see cref="ContainerBuildApps.LifecycleImage"/>).
    /// </summary>
    public static BuildRequest Request(string app, string tag, bool trusted = true, string? lifecycleImage = null) => new()
    {
        LifecycleImage = lifecycleImage is null ? null : ImageReference.Parse(lifecycleImage),
        AppDirectory = app,
        Tags = [ImageReference.Parse(tag)],
        Builder = ImageReference.Parse(Builder),
        Destination = ImageDestination.Daemon,
        TrustBuilder = trusted,
        PullPolicy = PullPolicy.IfNotPresent,
    };

    /// <summary>A tag of the daemon that no other test uses.</summary>
    public static string UniqueTag(string purpose) => $"{DockerTestCli.UniqueRepository(purpose)}:1";

    /// <summary>
    /// Fails when a container, volume or image labelled with the build's id remains (cache volumes carry no label).
    /// </summary>
    public static async Task AssertNothingLeftAsync(string buildId)
    {
        var filter = $"label={BuildLabel}={buildId}";
        var containers = await DockerTestCli.RunAsync("ps", "-a", "-q", "--filter", filter);
        var volumes = await DockerTestCli.RunAsync("volume", "ls", "-q", "--filter", filter);
        var images = await DockerTestCli.RunAsync("images", "-q", "--filter", filter);
        Assert.True(containers.Trim().Length == 0, $"containers of build {buildId} remain: {containers}");
        Assert.True(volumes.Trim().Length == 0, $"volumes of build {buildId} remain: {volumes}");
        Assert.True(images.Trim().Length == 0, $"images of build {buildId} remain: {images}");
    }

    /// <summary>Removes the cache volumes a build of <paramref name="tag"/> keeps (by design), so test runs do not pile them up.</summary>
    public static Task RemoveCacheVolumesAsync(string tag)
    {
        var image = ImageReference.Parse(tag);
        return RemoveVolumesAsync(CacheVolumeNames.Build(image), CacheVolumeNames.Launch(image));
    }

    /// <summary>Removes a test's images by name, ignoring those already gone.</summary>
    public static Task RemoveAsync(params string[] names) => DockerTestCli.RemoveImagesAsync(names);

    /// <summary>Removes volumes by name, ignoring those already gone.</summary>
    public static async Task RemoveVolumesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await DockerTestCli.TryRunAsync("volume", "rm", "--force", name);
        }
    }
}
