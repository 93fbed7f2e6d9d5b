namespace Buildpacks.Images.Stores.Daemon;

/// <summary>
/// Where the daemon listens: an explicit endpoint, else <c>DOCKER_HOST</c>, else <c>/var/run/docker.sock</c> (the
/// order the docker CLI uses). A Podman socket (<c>podman system service unix:///path</c>) serves the same API.
/// </summary>
public sealed record DaemonEndpoint
{
    /// <summary>The default Docker socket.</summary>
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    private DaemonEndpoint(Uri uri, string? source)
    {
        Uri = uri;
        Source = source;
    }

    /// <summary>The endpoint, e.g. <c>unix:///var/run/docker.sock</c> or <c>tcp://127.0.0.1:2375</c>.</summary>
    public Uri Uri { get; }

    /// <summary>Where the endpoint came from, when not given explicitly (e.g. <c>DOCKER_HOST</c>), for errors.</summary>
    public string? Source { get; }

    /// <summary>
    /// Resolves the endpoint: <paramref name="explicitEndpoint"/> when given (a <c>unix://</c> or <c>tcp://</c> URI,
    /// or a plain socket path), else <c>DOCKER_HOST</c>, else the default Docker socket.
    /// </summary>
    public static DaemonEndpoint Resolve(string? explicitEndpoint = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitEndpoint))
        {
            return new DaemonEndpoint(Parse(explicitEndpoint), null);
        }

        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(dockerHost)
            ? new DaemonEndpoint(new Uri(DefaultSocket), "the default socket")
            : new DaemonEndpoint(Parse(dockerHost), "DOCKER_HOST");
    }

    /// <inheritdoc />
    public override string ToString() => Uri.Scheme == "unix" ? "unix://" + Uri.LocalPath : Uri.ToString();

    private static Uri Parse(string endpoint)
    {
        var text = endpoint.Trim();
        if (text.StartsWith('/'))
        {
            text = "unix://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "npipe"))
        {
            throw new DaemonException($"'{endpoint}' is not a daemon endpoint: use unix:///path/to/docker.sock, tcp://host:port or npipe:////./pipe/docker_engine.");
        }

        return uri;
    }
}
