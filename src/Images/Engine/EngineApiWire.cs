using System.Text.Json.Serialization;

namespace Buildpacks.Images.Engine;

// The JSON shapes of the Engine API this client reads and writes, with the daemon's spellings; only the fields used.
// Docker and Podman's compatible API write the same names. Images: ImageWire.cs; containers and volumes: ContainerWire.cs.

/// <summary><c>GET /version</c>.</summary>
internal sealed class VersionWire
{
    [JsonPropertyName("Version")]
    public string? Version { get; set; }

    [JsonPropertyName("ApiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("MinAPIVersion")]
    public string? MinApiVersion { get; set; }

    [JsonPropertyName("Os")]
    public string? Os { get; set; }

    [JsonPropertyName("Arch")]
    public string? Arch { get; set; }
}

/// <summary>The body of an error answer: Docker writes <c>message</c>; Podman adds <c>cause</c> and <c>response</c>.</summary>
internal sealed class ErrorWire
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("cause")]
    public string? Cause { get; set; }
}

/// <summary>One message of a streamed answer (<c>POST /images/load</c>, <c>POST /images/create</c>).</summary>
internal sealed class StreamMessageWire
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("stream")]
    public string? Stream { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("progressDetail")]
    public ProgressDetailWire? ProgressDetail { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("errorDetail")]
    public ErrorWire? ErrorDetail { get; set; }
}

/// <summary>The byte counts of a pull's progress message.</summary>
internal sealed class ProgressDetailWire
{
    [JsonPropertyName("current")]
    public long? Current { get; set; }

    [JsonPropertyName("total")]
    public long? Total { get; set; }
}

/// <summary>
/// The <c>X-Registry-Auth</c> header of a pull (base64url of this JSON): a user name and password, an identity token,
/// or a registry token, for <c>serveraddress</c>.
/// </summary>
internal sealed class AuthConfigWire
{
    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("password")]
    public string? Password { get; set; }

    [JsonPropertyName("identitytoken")]
    public string? IdentityToken { get; set; }

    [JsonPropertyName("registrytoken")]
    public string? RegistryToken { get; set; }

    [JsonPropertyName("serveraddress")]
    public string? ServerAddress { get; set; }
}
