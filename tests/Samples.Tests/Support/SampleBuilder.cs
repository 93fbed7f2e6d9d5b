using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>The sample builder image, made once per test run by build/sample-builder.sh (incremental, seconds when up to date).</summary>
internal static class SampleBuilder
{
    public const string Tag = "127.0.0.1:5000/buildpacks-samples/builder:bookworm";

    private static readonly Lazy<Task<string>> Made = new(MakeAsync);

    /// <summary>The builder's reference@digest: its manifest for this machine's platform (the builder is an index; <see cref="HostPlatformPin"/>).</summary>
    public static Task<string> ReferenceAsync() => Made.Value;

    private static async Task<string> MakeAsync()
    {
        var result = await ProcessRunner.RunAsync("bash", [RepositoryPaths.SampleBuilderScript, Tag], RepositoryPaths.Root, timeout: TimeSpan.FromMinutes(30));
        result.EnsureSuccess("build/sample-builder.sh");
        return await HostPlatformPin.PinAsync(result.StandardOutput.Trim().Split('\n')[^1]);
    }
}
