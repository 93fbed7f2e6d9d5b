using System.Text;
using System.Text.Json;
using Buildpacks.Images.Registry.Json;

namespace Buildpacks.Images.Registry.Credentials;

/// <summary>
/// Reads registry credentials the way the Docker CLI stores them: <c>$DOCKER_CONFIG/config.json</c> or
/// <c>~/.docker/config.json</c>, with per-registry <c>credHelpers</c>, inline <c>auths</c> and the default
/// <c>credsStore</c>; Podman's <c>auth.json</c> has the same form (containers-auth.json(5)) and is read the same way.
/// A registry with no entry has no credentials (null), which means "try anonymously", never an error.
/// </summary>
public sealed class DockerConfigCredentials : IRegistryCredentialSource
{
    private readonly CredentialHelper _helpers;

    /// <summary>Reads <paramref name="configFilePath"/>, running credential helpers found in <paramref name="helperSearchPath"/> (PATH when null).</summary>
    public DockerConfigCredentials(string configFilePath, IReadOnlyList<string>? helperSearchPath = null)
    {
        ConfigFilePath = configFilePath;
        _helpers = new CredentialHelper(helperSearchPath ?? CredentialHelper.PathDirectories());
    }

    /// <summary>The config.json this reads (it need not exist).</summary>
    public string ConfigFilePath { get; }

    /// <inheritdoc />
    public string Description => ConfigFilePath;

    /// <summary>The config Docker itself would use: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.</summary>
    public static DockerConfigCredentials FromEnvironment()
    {
        var directory = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(directory))
        {
            directory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        }

        return new DockerConfigCredentials(Path.Combine(directory, "config.json"));
    }

    /// <summary>Parses config.json text; <paramref name="source"/> names the file in errors.</summary>
    public static DockerConfigFile Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, RegistryJsonContext.Default.DockerConfigFile) ?? new DockerConfigFile();
        }
        catch (JsonException ex)
        {
            // The message of a JsonException carries only a position, never the file's content.
            throw new ImageException($"The Docker config file {source} is not valid JSON ({ex.Message}). Fix or remove it.", ex);
        }
    }

    /// <summary>The inline credentials of <c>auths</c> for <paramref name="registry"/>, or null.</summary>
    public static RegistryCredential? FromAuths(DockerConfigFile config, string registry, string source)
    {
        if (!RegistryKeys.TryFind(config.Auths, registry, out var key, out var entry) || entry is null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(entry.IdentityToken))
        {
            return RegistryCredential.FromIdentityToken(entry.IdentityToken, NonEmpty(entry.Username) ?? UserFromAuth(entry.Auth, key, source));
        }

        if (!string.IsNullOrEmpty(entry.Auth))
        {
            var (user, password) = DecodeAuth(entry.Auth, key, source);
            return RegistryCredential.FromPassword(user, password);
        }

        return !string.IsNullOrEmpty(entry.Username) && entry.Password is not null
            ? RegistryCredential.FromPassword(entry.Username, entry.Password)
            : null;
    }

    /// <summary>
    /// The credentials for <paramref name="registry"/>: its credHelper, else inline auths, else the credsStore. A helper
    /// that fails is logged and treated as "no credentials" so that anonymous access can still be tried.
    /// </summary>
    public async Task<RegistryCredential?> GetAsync(string registry, IImageLog log, CancellationToken cancellationToken)
    {
        if (!File.Exists(ConfigFilePath))
        {
            return null;
        }

        var config = Parse(await File.ReadAllTextAsync(ConfigFilePath, cancellationToken).ConfigureAwait(false), ConfigFilePath);
        if (RegistryKeys.TryFind(config.CredHelpers, registry, out _, out var helper) && !string.IsNullOrEmpty(helper))
        {
            return await FromHelperAsync(helper, registry, log, cancellationToken).ConfigureAwait(false);
        }

        var inline = FromAuths(config, registry, ConfigFilePath);
        if (inline is not null)
        {
            return inline;
        }

        return string.IsNullOrEmpty(config.CredsStore)
            ? null
            : await FromHelperAsync(config.CredsStore, registry, log, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RegistryCredential?> FromHelperAsync(string helper, string registry, IImageLog log, CancellationToken cancellationToken)
    {
        try
        {
            var credential = await _helpers.GetAsync(helper, RegistryKeys.ServerUrlFor(registry), cancellationToken).ConfigureAwait(false);
            log.Write(ImageLogLevel.Debug, credential is null
                ? $"docker-credential-{helper} has no credentials for {registry}; trying anonymously"
                : $"Using credentials for {registry} from docker-credential-{helper}");
            return credential;
        }
        catch (CredentialHelperException ex)
        {
            log.Write(ImageLogLevel.Warning, ex.Message + " Trying anonymously.");
            return null;
        }
    }

    private static (string User, string Password) DecodeAuth(string auth, string key, string source)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
        }
        catch (FormatException)
        {
            throw new ImageException($"The 'auth' of '{key}' in {source} is not base64. Run 'docker login {key}' again or fix the entry.");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? throw new ImageException($"The 'auth' of '{key}' in {source} is not base64 of 'user:password'. Run 'docker login {key}' again or fix the entry.")
            : (decoded[..colon], decoded[(colon + 1)..]);
    }

    private static string? UserFromAuth(string? auth, string key, string source) =>
        string.IsNullOrEmpty(auth) ? null : DecodeAuth(auth, key, source).User;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
