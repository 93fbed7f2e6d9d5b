using System.Text;
using System.Text.Json;
using Buildpacks.Images;
using Buildpacks.Images.Registry.Credentials;
using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// Registry credentials from the environment, Docker's config (<c>config.json</c> auths, credHelpers, credsStore) and
/// Podman's auth files (<see cref="RegistryCredentialChain"/>; the unnamed environment pair for
/// <paramref name="outputRegistry"/>, the registry the image goes to), in the two shapes Container mode hands on: a <see cref="RegistryCredential"/> for the daemon's pulls, and <c>CNB_REGISTRY_AUTH</c>
/// (Platform API, "Registry Authentication": registry → <c>Authorization</c> header value) for the lifecycle phases
/// that touch registries. Never logged.
/// </summary>
internal sealed class RegistryCredentials(IBuildLog log, string? outputRegistry = null)
{
    /// <summary>The variable the lifecycle reads credentials from.</summary>
    public const string RegistryAuthVariable = "CNB_REGISTRY_AUTH";

    private readonly RegistryCredentialChain _config = RegistryCredentialChain.FromEnvironment(outputRegistry);
    private readonly ImageLogAdapter _imageLog = new(log);

    /// <summary>The daemon's credentials for pulling <paramref name="image"/>; null to pull anonymously.</summary>
    public Task<RegistryCredential?> ForPullAsync(ImageReference image, CancellationToken cancellationToken) =>
        _config.GetAsync(image.Registry, _imageLog, cancellationToken);

    /// <summary>
    /// <c>CNB_REGISTRY_AUTH</c> for the registries of <paramref name="images"/>; null when none has credentials. Each
    /// registry is keyed as the reference lifecycle looks it up (<see cref="LifecycleKey"/>), with the header its
    /// keychain turns back into credentials (<see cref="Header"/>).
    /// </summary>
    public async Task<string?> ForLifecycleAsync(IEnumerable<ImageReference> images, CancellationToken cancellationToken)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var registry in images.Select(i => i.Registry).Distinct(StringComparer.Ordinal))
        {
            var credential = await _config.GetAsync(registry, _imageLog, cancellationToken).ConfigureAwait(false);
            if (credential is not null && Header(credential) is { } header)
            {
                headers[LifecycleKey(registry)] = header;
            }
        }

        return headers.Count == 0 ? null : Json(headers);
    }

    /// <summary>
    /// The key of <paramref name="registry"/> in <c>CNB_REGISTRY_AUTH</c>: the reference lifecycle's keychain
    /// (lifecycle <c>auth/keychain.go</c>, <c>EnvKeychain.Resolve</c>) looks a registry up by go-containerregistry's
    /// <c>RegistryStr()</c>, which names Docker Hub <c>index.docker.io</c>, never <c>docker.io</c>; any other registry
    /// by its host and port as written.
    /// </summary>
    internal static string LifecycleKey(string registry) =>
        registry == ImageReference.DockerHub ? "index.docker.io" : registry;

    /// <summary>
    /// The <c>CNB_REGISTRY_AUTH</c> value of <paramref name="credential"/>, in the reference lifecycle's preference
    /// (lifecycle <c>auth/keychain.go</c>, <c>authConfigToHeader</c> and <c>authHeaderToConfig</c>): a registry token
    /// as <c>Bearer</c>, a user name and password as <c>Basic</c>, an identity (OAuth refresh) token as
    /// <c>X-Identity</c>, which the lifecycle (0.15 and later; every lifecycle that speaks Platform API 0.12) exchanges
    /// at the registry's token service. Null when it holds none of them.
    /// </summary>
    internal static string? Header(RegistryCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.RegistryToken is { } token)
        {
            return "Bearer " + token;
        }

        if (credential.HasPassword)
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}"));
        }

        return string.IsNullOrEmpty(credential.IdentityToken) ? null : "X-Identity " + credential.IdentityToken;
    }

    // A JSON object of strings, written without reflection (this assembly stays trimming-safe).
    private static string Json(SortedDictionary<string, string> headers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (registry, header) in headers)
            {
                writer.WriteString(registry, header);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed class ImageLogAdapter(IBuildLog log) : IImageLog
    {
        public void Write(ImageLogLevel level, string message) =>
            log.Write(level == ImageLogLevel.Warning ? LifecycleLogLevel.Warn : LifecycleLogLevel.Debug, message);
    }
}
