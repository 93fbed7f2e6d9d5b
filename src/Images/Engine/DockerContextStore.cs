using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Buildpacks.Images.Engine;

/// <summary>
/// The docker CLI's contexts, as it keeps them in its config directory: the current one in <c>config.json</c>
/// (<c>currentContext</c>); each context's metadata in <c>contexts/meta/&lt;sha256 of the name&gt;/meta.json</c>
/// (<c>Endpoints.docker.Host</c>, <c>Endpoints.docker.SkipTLSVerify</c>), and its TLS files in
/// <c>contexts/tls/&lt;sha256 of the name&gt;/docker/</c>. An unreadable file counts as absent: the next source in the
/// resolution order is tried.
/// </summary>
internal static class DockerContextStore
{
    /// <summary>The context that means "no context": DOCKER_HOST or the default endpoint.</summary>
    public const string DefaultContext = "default";

    /// <summary>The config's <c>currentContext</c>, or null.</summary>
    public static string? CurrentContext(string configDirectory)
    {
        using var config = ReadJson(Path.Combine(configDirectory, "config.json"));
        return config is not null
            && config.RootElement.TryGetProperty("currentContext", out var current)
            && current.ValueKind == JsonValueKind.String
            && current.GetString() is { Length: > 0 } name
                ? name
                : null;
    }

    /// <summary>The docker endpoint of the context <paramref name="name"/>, or null when there is no such context.</summary>
    public static DockerContext? Read(string configDirectory, string name)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();
        using var meta = ReadJson(Path.Combine(configDirectory, "contexts", "meta", hash, "meta.json"));
        if (meta is null
            || !meta.RootElement.TryGetProperty("Endpoints", out var endpoints)
            || endpoints.ValueKind != JsonValueKind.Object
            || !endpoints.TryGetProperty("docker", out var docker)
            || docker.ValueKind != JsonValueKind.Object
            || !docker.TryGetProperty("Host", out var host)
            || host.ValueKind != JsonValueKind.String
            || host.GetString() is not { Length: > 0 } address)
        {
            return null;
        }

        var skipVerify = docker.TryGetProperty("SkipTLSVerify", out var skip) && skip.ValueKind == JsonValueKind.True;
        var tlsDirectory = Path.Combine(configDirectory, "contexts", "tls", hash, "docker");

        // The CLI: TLS when the context stores TLS files or skips verification; verified unless it skips.
        var tls = DaemonTls.AnyIn(tlsDirectory) || skipVerify ? DaemonTls.FromDirectory(tlsDirectory, verify: !skipVerify) : null;
        return new DockerContext(address, tls);
    }

    private static JsonDocument? ReadJson(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>The docker endpoint of a context.</summary>
/// <param name="Host">Its host, e.g. <c>unix:///home/me/.colima/docker.sock</c>.</param>
/// <param name="Tls">Its TLS, or null for none.</param>
internal sealed record DockerContext(string Host, DaemonTls? Tls);
