using System.Text.Json.Serialization;

namespace Buildpacks.Images.Registry.Credentials;

/// <summary>The parts of Docker's <c>config.json</c> that hold registry credentials.</summary>
public sealed record DockerConfigFile
{
    /// <summary>Inline credentials by registry key (a host, or Docker Hub's <c>https://index.docker.io/v1/</c>).</summary>
    [JsonPropertyName("auths")]
    public Dictionary<string, DockerConfigAuth>? Auths { get; init; }

    /// <summary>A credential helper per registry key (<c>docker-credential-&lt;value&gt;</c>).</summary>
    [JsonPropertyName("credHelpers")]
    public Dictionary<string, string>? CredHelpers { get; init; }

    /// <summary>The default credential store for every registry (<c>docker-credential-&lt;value&gt;</c>).</summary>
    [JsonPropertyName("credsStore")]
    public string? CredsStore { get; init; }
}

/// <summary>One entry of <c>auths</c>.</summary>
public sealed record DockerConfigAuth
{
    /// <summary>base64 of <c>user:password</c>.</summary>
    [JsonPropertyName("auth")]
    public string? Auth { get; init; }

    /// <summary>The user name (alternative to <see cref="Auth"/>).</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>The password (alternative to <see cref="Auth"/>).</summary>
    [JsonPropertyName("password")]
    public string? Password { get; init; }

    /// <summary>An OAuth2 refresh token.</summary>
    [JsonPropertyName("identitytoken")]
    public string? IdentityToken { get; init; }
}

/// <summary>What <c>docker-credential-&lt;name&gt; get</c> writes to stdout.</summary>
public sealed record CredentialHelperOutput
{
    /// <summary>The server the credentials are for.</summary>
    [JsonPropertyName("ServerURL")]
    public string? ServerUrl { get; init; }

    /// <summary>The user name; <c>&lt;token&gt;</c> means <see cref="Secret"/> is an identity token.</summary>
    [JsonPropertyName("Username")]
    public string? Username { get; init; }

    /// <summary>The password or identity token.</summary>
    [JsonPropertyName("Secret")]
    public string? Secret { get; init; }
}
