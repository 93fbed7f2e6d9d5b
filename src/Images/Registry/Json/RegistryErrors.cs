using System.Text.Json.Serialization;

namespace Buildpacks.Images.Registry.Json;

/// <summary>The error body of the distribution spec: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
internal sealed record RegistryErrors
{
    [JsonPropertyName("errors")]
    public List<RegistryError>? Errors { get; init; }
}

/// <summary>One error of <see cref="RegistryErrors"/>.</summary>
internal sealed record RegistryError
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
