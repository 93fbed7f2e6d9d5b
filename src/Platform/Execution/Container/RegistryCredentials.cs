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
    /// <c>CNB_REGISTRY_AUTH</c> for the registries of <paramref name="images"/>; null when none has credentials. Identity
    /// tokens (OAuth refresh tokens) cannot be sent as a header and are left out, as the reference lifecycle does.
    /// </summary>
    public async Task<string?> ForLifecycleAsync(IEnumerable<ImageReference> images, CancellationToken cancellationToken)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var registry in images.Select(i => i.Registry).Distinct(StringComparer.Ordinal))
        {
            var credential = await _config.GetAsync(registry, _imageLog, cancellationToken).ConfigureAwait(false);
            if (credential?.RegistryToken is { } token)
            {
                headers[registry] = "Bearer " + token;
            }
            else if (credential is { HasPassword: true })
            {
                headers[registry] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}"));
            }
        }

        return headers.Count == 0 ? null : Json(headers);
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
