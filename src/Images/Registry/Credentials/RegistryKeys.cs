using Buildpacks.Images.References;

namespace Buildpacks.Images.Registry.Credentials;

/// <summary>
/// Matches registry names against the keys tools write into <c>config.json</c>: Docker writes Docker Hub as
/// <c>https://index.docker.io/v1/</c>, Podman as <c>docker.io</c>, others as a bare host or a URL.
/// </summary>
public static class RegistryKeys
{
    /// <summary>The key (and credential-helper server URL) <c>docker login</c> uses for Docker Hub.</summary>
    public const string DockerHubServerUrl = "https://index.docker.io/v1/";

    private static readonly string[] DockerHubHosts = ["docker.io", "index.docker.io", "registry-1.docker.io"];

    /// <summary>The host (with port) a config key or registry name stands for, Docker Hub's aliases made <c>docker.io</c>.</summary>
    public static string Normalize(string key)
    {
        var host = key.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        host = host.ToLowerInvariant();
        return DockerHubHosts.Contains(host) ? ImageReference.DockerHub : host;
    }

    /// <summary>Whether a config key names <paramref name="registry"/>.</summary>
    public static bool Matches(string key, string registry) => Normalize(key) == Normalize(registry);

    /// <summary>The server URL to hand a credential helper for <paramref name="registry"/>.</summary>
    public static string ServerUrlFor(string registry) =>
        Normalize(registry) == ImageReference.DockerHub ? DockerHubServerUrl : registry;

    /// <summary>
    /// Finds the entry of <paramref name="map"/> for <paramref name="registry"/>: an exact key first, then Docker's own
    /// Hub key, then any key that normalises to the same host.
    /// </summary>
    public static bool TryFind<T>(IReadOnlyDictionary<string, T>? map, string registry, out string key, out T value)
    {
        key = string.Empty;
        value = default!;
        if (map is null || map.Count == 0)
        {
            return false;
        }

        var preferred = new[] { registry, ServerUrlFor(registry) };
        foreach (var candidate in preferred.Concat(map.Keys.Where(k => Matches(k, registry)).Order(StringComparer.Ordinal)))
        {
            if (map.TryGetValue(candidate, out var found))
            {
                key = candidate;
                value = found;
                return true;
            }
        }

        return false;
    }
}
