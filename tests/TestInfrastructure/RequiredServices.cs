namespace Buildpacks.TestInfrastructure;

/// <summary>
/// Checks that the real services a test needs are there, and fails the test loudly when they are not: tests never
/// skip for a missing Docker Engine or registry (build/services.sh installs and starts them).
/// </summary>
public static class RequiredServices
{
    private const string Hint = "Run 'bash build/services.sh' (the README's test command does) to install and start it.";

    /// <summary>The Docker Engine socket the tests use.</summary>
    public static string DockerSocket => Environment.GetEnvironmentVariable("BUILDPACKS_TEST_DOCKER_SOCKET") ?? "/var/run/docker.sock";

    /// <summary>Throws unless the Docker Engine answers on <see cref="DockerSocket"/>.</summary>
    public static async Task RequireDockerAsync()
    {
        RequireTool("docker");
        var result = await ProcessRunner.RunAsync("docker", ["-H", "unix://" + DockerSocket, "version", "--format", "{{.Server.Version}}"], timeout: TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Docker Engine does not answer on {DockerSocket}: {result.StandardError.Trim()} {Hint}");
        }
    }

    /// <summary>Throws unless <paramref name="tool"/> is on PATH; returns its full path.</summary>
    public static string RequireTool(string tool)
    {
        var path = FindOnPath(tool);
        return path ?? throw new InvalidOperationException($"The tool '{tool}' is not installed. {Hint}");
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? FindOnPath(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
