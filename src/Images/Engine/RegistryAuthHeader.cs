using System.Text.Json;
using Buildpacks.Images.Registry.Credentials;

namespace Buildpacks.Images.Engine;

/// <summary>
/// The <c>X-Registry-Auth</c> header with which the daemon pulls from a registry: the credential as JSON, in URL-safe
/// base64 (the daemon decodes it as Go's <c>base64.URLEncoding</c>; Podman does the same).
/// </summary>
internal static class RegistryAuthHeader
{
    public const string Name = "X-Registry-Auth";

    public static string Encode(RegistryCredential credential, string serverAddress)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var wire = credential switch
        {
            { RegistryToken: { } token } => new AuthConfigWire { RegistryToken = token, ServerAddress = serverAddress },
            { IdentityToken: { } identity } => new AuthConfigWire { IdentityToken = identity, Username = credential.Username, ServerAddress = serverAddress },
            _ => new AuthConfigWire { Username = credential.Username, Password = credential.Password, ServerAddress = serverAddress },
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(wire, ContainerApiJsonContext.Default.AuthConfigWire);
        return Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_');
    }
}
