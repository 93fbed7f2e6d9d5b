namespace Buildpacks.TestInfrastructure.Images;

/// <summary>
/// The docker CLI against the test daemon, for checking what a store did (<c>docker run</c>, <c>inspect</c>) and for
/// cleaning up: every name a test creates is unique and removed again.
/// </summary>
public static class DockerTestCli
{
    /// <summary>Runs <c>docker -H unix://socket args…</c> and throws unless it succeeds; returns stdout.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("docker", ["-H", "unix://" + RequiredServices.DockerSocket, .. arguments], timeout: TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        return result.EnsureSuccess("docker " + string.Join(' ', arguments)).StandardOutput;
    }

    /// <summary>Runs docker and returns the result whatever the exit code.</summary>
    public static Task<ProcessResult> TryRunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("docker", ["-H", "unix://" + RequiredServices.DockerSocket, .. arguments], timeout: TimeSpan.FromMinutes(3));

    /// <summary>A repository name no other test (or earlier run) uses.</summary>
    public static string UniqueRepository(string purpose) => $"bp-test/{purpose}-{Guid.NewGuid():N}";

    /// <summary>Removes images by name or ID, ignoring those already gone (for finally blocks).</summary>
    public static async Task RemoveImagesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await TryRunAsync("image", "rm", "--force", name).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a container of <paramref name="image"/> with no network and returns its output.</summary>
    public static Task<string> RunContainerAsync(string image, params string[] command) =>
        RunAsync(["run", "--rm", "--network", "none", image, .. command]);
}
