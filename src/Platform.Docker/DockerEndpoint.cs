namespace Buildpacks.Platform.Docker;

/// <summary>Where the Docker Engine API answers: an explicit host, else DOCKER_HOST, else the default socket.</summary>
public static class DockerEndpoint
{
    /// <summary>The default socket of a Docker Engine on Linux.</summary>
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>The endpoint to use: <paramref name="explicitHost"/>, else DOCKER_HOST, else <see cref="DefaultSocket"/>.</summary>
    public static Uri Resolve(string? explicitHost)
    {
        var host = !string.IsNullOrWhiteSpace(explicitHost) ? explicitHost
            : Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } fromEnvironment ? fromEnvironment
            : DefaultSocket;
        return new Uri(host);
    }
}
