using Buildpacks.TestInfrastructure;

namespace Buildpacks.Samples.Tests.Support;

/// <summary>The docker CLI against the Engine the tests use (<see cref="RequiredServices.DockerSocket"/>).</summary>
internal static class DockerCli
{
    public static Task<ProcessResult> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync("docker", ["-H", "unix://" + RequiredServices.DockerSocket, .. args], timeout: timeout ?? TimeSpan.FromMinutes(10));

    /// <summary>Removes containers and images, ignoring those already gone: cleanup must not hide a test's failure.</summary>
    public static async Task RemoveAsync(IEnumerable<string> containers, IEnumerable<string> images)
    {
        foreach (var container in containers)
        {
            await RunAsync(["rm", "-f", "-v", container], TimeSpan.FromMinutes(1));
        }

        foreach (var image in images)
        {
            await RunAsync(["rmi", "-f", image], TimeSpan.FromMinutes(1));
        }
    }
}
