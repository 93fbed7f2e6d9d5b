using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Docker.Tests.Support;

/// <summary>
/// Podman's Engine API service (build/podman.sh starts it, configured with host networking only) and the podman CLI
/// over the same storage, for the Podman tests: they fail loudly when it is not there, as the Docker tests do. The
/// images a test class pulled into Podman are removed when it is done.
/// </summary>
public sealed class PodmanService : IAsyncLifetime
{
    private readonly List<string> _pulled = [];

    /// <summary>The service's socket.</summary>
    public static string Socket => Environment.GetEnvironmentVariable("BUILDPACKS_TEST_PODMAN_SOCKET") ?? "/run/podman/podman.sock";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        RequiredServices.RequireTool("podman");
        var ping = await ProcessRunner.RunAsync("curl", ["-fsS", "--max-time", "5", "--unix-socket", Socket, "http://podman/_ping"], timeout: TimeSpan.FromSeconds(20));
        if (ping.ExitCode != 0)
        {
            throw new InvalidOperationException($"Podman's service does not answer on {Socket}: {ping.StandardError.Trim()} Run 'bash build/services.sh' (it runs build/podman.sh).");
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var image in _pulled)
        {
            await TryRunAsync("image", "rm", "--force", image);
        }
    }

    /// <summary>Notes images the service pulled for a test, to remove when the class is done.</summary>
    public void Pulled(params string[] images)
    {
        lock (_pulled)
        {
            _pulled.AddRange(images);
        }
    }

    /// <summary>Runs the podman CLI and throws unless it succeeds; returns stdout.</summary>
    public static async Task<string> RunAsync(params string[] arguments) =>
        (await TryRunAsync(arguments)).EnsureSuccess("podman " + string.Join(' ', arguments)).StandardOutput;

    /// <summary>Runs the podman CLI whatever the exit code.</summary>
    public static Task<ProcessResult> TryRunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("podman", arguments, timeout: TimeSpan.FromMinutes(3));

    /// <summary>Fails when a container, volume or image labelled with the build's id remains in Podman.</summary>
    public static async Task AssertNothingLeftAsync(string buildId)
    {
        var filter = $"label={TestBuilds.BuildLabel}={buildId}";
        var containers = await RunAsync("ps", "-a", "-q", "--filter", filter);
        var volumes = await RunAsync("volume", "ls", "-q", "--filter", filter);
        var images = await RunAsync("images", "-q", "--filter", filter);
        Assert.True(containers.Trim().Length == 0, $"Podman containers of build {buildId} remain: {containers}");
        Assert.True(volumes.Trim().Length == 0, $"Podman volumes of build {buildId} remain: {volumes}");
        Assert.True(images.Trim().Length == 0, $"Podman images of build {buildId} remain: {images}");
    }
}
