using System.Text.Json.Serialization;

namespace Buildpacks.Images.Registry.Json;

/// <summary>
/// A token service's answer (Docker token spec: <c>token</c>; OAuth2: <c>access_token</c>; registries send either or both).
/// </summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    /// <summary>Seconds the token lives; the spec's default is 60.</summary>
    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("issued_at")]
    public string? IssuedAt { get; init; }

    /// <summary>Returned by the OAuth2 flow when offline access was asked for; used for later token requests.</summary>
    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }
}
