using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docker.DotNet;

namespace Buildpacks.Platform.Docker;

/// <summary>
/// Where the Docker Engine API answers, in the docker CLI's order: an explicit host (<c>BuildpackDockerHost</c>), else
/// <c>DOCKER_HOST</c>, else the endpoint of the current docker context (<c>DOCKER_CONTEXT</c> or <c>currentContext</c> of
/// <c>~/.docker/config.json</c>, read from <c>~/.docker/contexts/meta/&lt;sha256 of the name&gt;/meta.json</c>), else the
/// default socket.
/// </summary>
public static class DockerEndpoint
{
    /// <summary>The default socket of a Docker Engine on Linux.</summary>
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>The endpoint to use: <paramref name="explicitHost"/>, else DOCKER_HOST, else the docker context, else <see cref="DefaultSocket"/>.</summary>
    public static Uri Resolve(string? explicitHost) => ResolveWithSource(explicitHost).Uri;

    /// <summary>As <see cref="Resolve"/>, with where the endpoint came from (for error messages).</summary>
    public static ResolvedDockerEndpoint ResolveWithSource(string? explicitHost) =>
        ResolveWithSource(explicitHost, Environment.GetEnvironmentVariable("DOCKER_HOST"), Environment.GetEnvironmentVariable("DOCKER_CONTEXT"), DockerConfigDirectory());

    /// <summary>The resolution over explicit inputs (the environment and the docker config directory), for tests.</summary>
    internal static ResolvedDockerEndpoint ResolveWithSource(string? explicitHost, string? dockerHost, string? dockerContext, string configDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitHost))
        {
            return new ResolvedDockerEndpoint(Parse(explicitHost), "BuildpackDockerHost");
        }

        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            return new ResolvedDockerEndpoint(Parse(dockerHost), "DOCKER_HOST");
        }

        var context = !string.IsNullOrWhiteSpace(dockerContext) ? dockerContext : CurrentContext(configDirectory);
        if (context is not null && context != "default" && ContextHost(configDirectory, context) is { } contextHost)
        {
            return new ResolvedDockerEndpoint(Parse(contextHost), $"docker context '{context}'");
        }

        return new ResolvedDockerEndpoint(new Uri(DefaultSocket), "the default socket");
    }

    /// <summary>A Docker.DotNet client for <paramref name="endpoint"/> without a client-wide timeout (builds take as long as they take).</summary>
    public static DockerClient CreateClient(Uri endpoint) =>
        new DockerClientConfiguration(endpoint, null, Timeout.InfiniteTimeSpan).CreateClient();

    /// <summary>
    /// True when a daemon answers <c>/_ping</c> at the endpoint <paramref name="host"/> resolves to within a few
    /// seconds: what Auto execution asks before choosing Container mode.
    /// </summary>
    public static async Task<bool> AnswersAsync(string? host, CancellationToken cancellationToken)
    {
        Uri endpoint;
        try
        {
            endpoint = Resolve(host);
        }
        catch (FormatException)
        {
            return false;
        }

        using var client = CreateClient(endpoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await client.System.PingAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static Uri Parse(string host)
    {
        var text = host.Trim().TrimEnd('/');
        if (text.StartsWith('/'))
        {
            text = "unix://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "unix" or "tcp" or "http" or "https" or "npipe"
            ? uri
            : throw new FormatException($"'{host}' is not a Docker endpoint: use unix:///path/to/docker.sock or tcp://host:port.");
    }

    private static string DockerConfigDirectory() =>
        Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } directory
            ? directory
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    private static string? CurrentContext(string configDirectory)
    {
        var config = ReadJson(Path.Combine(configDirectory, "config.json"));
        return config is { } root && root.TryGetProperty("currentContext", out var current) && current.ValueKind == JsonValueKind.String
            ? current.GetString()
            : null;
    }

    // The CLI keeps each context's metadata under the hex sha256 of its name: Endpoints.docker.Host.
    private static string? ContextHost(string configDirectory, string context)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(context))).ToLowerInvariant();
        var meta = ReadJson(Path.Combine(configDirectory, "contexts", "meta", hash, "meta.json"));
        return meta is { } root
            && root.TryGetProperty("Endpoints", out var endpoints)
            && endpoints.TryGetProperty("docker", out var docker)
            && docker.TryGetProperty("Host", out var host)
            && host.ValueKind == JsonValueKind.String
            ? host.GetString()
            : null;
    }

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // An unreadable CLI file must not stop the build: the next source in the order is tried.
            return null;
        }
    }
}

/// <summary>A resolved Docker endpoint and where it came from.</summary>
/// <param name="Uri">The endpoint.</param>
/// <param name="Source">Where it came from: BuildpackDockerHost, DOCKER_HOST, a docker context, or the default socket.</param>
public sealed record ResolvedDockerEndpoint(Uri Uri, string Source)
{
    /// <summary>The endpoint as the docker CLI writes it.</summary>
    public string Display => Uri.Scheme == "unix" ? "unix://" + Uri.LocalPath : Uri.ToString();
}
