using System.Net;
using System.Net.Sockets;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Sdk;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>
/// Proves an image works: runs it with <c>docker run --network host</c> (a web app on a free loopback port given as
/// PORT and ASPNETCORE_URLS) and asks it over HTTP, or reads what a console or worker app prints. The container is
/// removed in every case.
/// </summary>
public static class ImageRunner
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the web app in <paramref name="image"/> and returns the body of GET /, retrying until it answers.</summary>
    public static Task<string> GetRootAsync(string image)
    {
        var port = FreeLoopbackPort();
        return GetRootAsync(image, port, ["--env", $"PORT={port}", "--env", $"ASPNETCORE_URLS=http://127.0.0.1:{port}"]);
    }

    /// <summary>
    /// As <see cref="GetRootAsync(string)"/>, for <paramref name="platform"/> of a multi-platform image
    /// (<c>docker run --platform</c>; a foreign one runs under emulation).
    /// </summary>
    public static Task<string> GetRootAsync(string image, string platform)
    {
        var port = FreeLoopbackPort();
        return GetRootAsync(image, port, ["--platform", platform, "--pull", "always", "--env", $"PORT={port}", "--env", $"ASPNETCORE_URLS=http://127.0.0.1:{port}"]);
    }

    /// <summary>
    /// Runs the web app in <paramref name="image"/> as it is, with no variable given (so it listens where the image
    /// says), and returns the body of GET / on <paramref name="port"/>.
    /// </summary>
    public static Task<string> GetRootOnItsOwnPortAsync(string image, int port) => GetRootAsync(image, port, []);

    /// <summary>A loopback TCP port nothing listens on right now.</summary>
    public static int FreePort() => FreeLoopbackPort();

    private static async Task<string> GetRootAsync(string image, int port, string[] environment)
    {
        var name = ContainerName();
        await DockerTestCli.RunAsync(["run", "--detach", "--name", name, "--network", "host", .. environment, image]).ConfigureAwait(false);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow + StartTimeout;
            while (true)
            {
                try
                {
                    return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (DateTime.UtcNow > deadline || !await IsRunningAsync(name).ConfigureAwait(false))
                    {
                        throw new XunitException($"{image} did not answer on 127.0.0.1:{port} ({e.Message}); its log:\n{await LogsAsync(name).ConfigureAwait(false)}");
                    }
                }

                await Task.Delay(250).ConfigureAwait(false);
            }
        }
        finally
        {
            await DockerTestCli.TryRunAsync("rm", "--force", name).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the console app in <paramref name="image"/> (no network) to its end and returns what it printed.</summary>
    public static async Task<string> RunToEndAsync(string image)
    {
        var name = ContainerName();
        try
        {
            return await DockerTestCli.RunAsync("run", "--name", name, "--network", "none", image).ConfigureAwait(false);
        }
        finally
        {
            await DockerTestCli.TryRunAsync("rm", "--force", name).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the long-lived app in <paramref name="image"/> (no network) until its log holds <paramref name="text"/>.</summary>
    public static async Task WaitForLogAsync(string image, string text)
    {
        var name = ContainerName();
        await DockerTestCli.RunAsync("run", "--detach", "--name", name, "--network", "none", image).ConfigureAwait(false);
        try
        {
            var deadline = DateTime.UtcNow + StartTimeout;
            while (true)
            {
                var logs = await LogsAsync(name).ConfigureAwait(false);
                if (logs.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                if (DateTime.UtcNow > deadline || !await IsRunningAsync(name).ConfigureAwait(false))
                {
                    throw new XunitException($"{image} never logged '{text}'; its log:\n{logs}");
                }

                await Task.Delay(250).ConfigureAwait(false);
            }
        }
        finally
        {
            await DockerTestCli.TryRunAsync("rm", "--force", name).ConfigureAwait(false);
        }
    }

    /// <summary>Removes images from the daemon (pulled or loaded by a test), ignoring those already gone.</summary>
    public static Task RemoveImagesAsync(params string[] images) => DockerTestCli.RemoveImagesAsync(images);

    private static string ContainerName() => $"bp-e2e-run-{Guid.NewGuid():N}";

    private static async Task<bool> IsRunningAsync(string name)
    {
        var result = await DockerTestCli.TryRunAsync("inspect", "--format", "{{.State.Running}}", name).ConfigureAwait(false);
        return result.ExitCode == 0 && result.StandardOutput.Trim() == "true";
    }

    private static async Task<string> LogsAsync(string name)
    {
        var result = await DockerTestCli.TryRunAsync("logs", name).ConfigureAwait(false);
        return result.StandardOutput + result.StandardError;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
