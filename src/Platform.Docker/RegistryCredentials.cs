using System.Text;
using System.Text.Json;
using Buildpacks.Images;
using Buildpacks.Images.Registry.Credentials;
using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Execution;
using Docker.DotNet.Models;

namespace Buildpacks.Platform.Docker;

/// <summary>
/// Registry credentials from the Docker CLI's config (<c>config.json</c> auths, credHelpers, credsStore), in the two
/// shapes Container mode hands on: an <see cref="AuthConfig"/> for the daemon's pulls, and <c>CNB_REGISTRY_AUTH</c>
/// (Platform API, "Registry Authentication": registry → <c>Authorization</c> header value) for the lifecycle phases
/// that touch registries. Never logged.
/// </summary>
internal sealed class RegistryCredentials(IBuildLog log)
{
    /// <summary>The variable the lifecycle reads credentials from.</summary>
    public const string RegistryAuthVariable = "CNB_REGISTRY_AUTH";

    private readonly DockerConfigCredentials _config = DockerConfigCredentials.FromEnvironment();
    private readonly ImageLogAdapter _imageLog = new(log);

    /// <summary>The daemon's credentials for pulling <paramref name="image"/>; null to pull anonymously.</summary>
    public async Task<AuthConfig?> ForPullAsync(ImageReference image, CancellationToken cancellationToken)
    {
        var credential = await _config.GetAsync(image.Registry, _imageLog, cancellationToken).ConfigureAwait(false);
        return credential switch
        {
            null => null,
            { RegistryToken: { } token } => new AuthConfig { RegistryToken = token, ServerAddress = image.Registry },
            { IdentityToken: { } identity } => new AuthConfig { IdentityToken = identity, Username = credential.Username, ServerAddress = image.Registry },
            _ => new AuthConfig { Username = credential.Username, Password = credential.Password, ServerAddress = image.Registry },
        };
    }

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

        return headers.Count == 0 ? null : JsonSerializer.Serialize(headers);
    }

    private sealed class ImageLogAdapter(IBuildLog log) : IImageLog
    {
        public void Write(ImageLogLevel level, string message) =>
            log.Write(level == ImageLogLevel.Warning ? LifecycleLogLevel.Warn : LifecycleLogLevel.Debug, message);
    }
}
