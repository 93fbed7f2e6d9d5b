using System.Text;
using System.Text.Json;
using Buildpacks.Images;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Registry.Credentials;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The registry credentials of a phase (Platform API, "Registry Authentication"): <c>CNB_REGISTRY_AUTH</c>, a JSON
/// object of registry → <c>Authorization</c> header value, wins; other registries take docker's
/// <c>$DOCKER_CONFIG/config.json</c> (or <c>~/.docker/config.json</c>); else anonymous. Resolved before the phase
/// drops root (lifecycle cmd: the keychain is built first), since the build user may not read root's docker config.
/// </summary>
internal static class RegistryKeychain
{
    /// <summary>The variable the platform passes credentials in.</summary>
    public const string RegistryAuthVariable = "CNB_REGISTRY_AUTH";

    /// <summary>Registry settings with every credential for <paramref name="images"/> already looked up.</summary>
    /// <exception cref="LifecycleException">Exit code 1 when <c>CNB_REGISTRY_AUTH</c> cannot be read.</exception>
    public static async Task<RegistrySettings> ResolveAsync(
        IReadOnlyDictionary<string, string> environment,
        IEnumerable<ImageReference> images,
        IReadOnlyCollection<string> insecureRegistries,
        CancellationToken cancellationToken)
    {
        var credentials = environment.TryGetValue(RegistryAuthVariable, out var json) && json.Length > 0
            ? ParseRegistryAuth(json)
            : new Dictionary<string, RegistryCredential>(StringComparer.Ordinal);
        var dockerConfig = DockerConfigFrom(environment);
        foreach (var registry in images.Select(i => i.Registry).Distinct(StringComparer.Ordinal))
        {
            if (RegistryKeys.TryFind(credentials, registry, out _, out _))
            {
                continue;
            }

            try
            {
                if (await dockerConfig.GetAsync(registry, NullImageLog.Instance, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    credentials[registry] = found;
                }
            }
            catch (ImageException)
            {
                // An unreadable config or failing helper leaves this registry anonymous, as lifecycle's keychain does.
            }
        }

        return new RegistrySettings { Credentials = credentials, DockerConfig = null, InsecureRegistries = insecureRegistries };
    }

    /// <summary>Parses <c>CNB_REGISTRY_AUTH</c>: <c>Basic</c> headers become a user and password, <c>Bearer</c> headers a registry token.</summary>
    /// <exception cref="LifecycleException">Exit code 1 for malformed JSON or a header of another scheme.</exception>
    public static Dictionary<string, RegistryCredential> ParseRegistryAuth(string json)
    {
        var credentials = new Dictionary<string, RegistryCredential>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                credentials[entry.Name] = FromHeader(entry.Name, entry.Value.GetString() ?? "");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // The message never includes the value: it holds secrets.
            throw new LifecycleException(LifecycleExitCodes.Failed, $"failed to parse {RegistryAuthVariable}: {e.GetType().Name}", e);
        }

        return credentials;
    }

    private static RegistryCredential FromHeader(string registry, string header)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        var value = space < 0 ? "" : header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && value.Length > 0)
        {
            return RegistryCredential.FromRegistryToken(value);
        }

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && value.Length > 0)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                return RegistryCredential.FromPassword(decoded[..colon], decoded[(colon + 1)..]);
            }
        }

        throw new FormatException($"the Authorization of '{registry}' is neither 'Basic <user:password in base64>' nor 'Bearer <token>'");
    }

    private static DockerConfigCredentials DockerConfigFrom(IReadOnlyDictionary<string, string> environment)
    {
        var directory = environment.TryGetValue("DOCKER_CONFIG", out var configured) && configured.Length > 0
            ? configured
            : Path.Combine(environment.TryGetValue("HOME", out var home) && home.Length > 0 ? home : "/", ".docker");
        return new DockerConfigCredentials(Path.Combine(directory, "config.json"));
    }
}
