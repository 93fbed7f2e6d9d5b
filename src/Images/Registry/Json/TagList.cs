using System.Text.Json.Serialization;

namespace Buildpacks.Images.Registry.Json;

/// <summary>A page of <c>GET /v2/&lt;name&gt;/tags/list</c>.</summary>
internal sealed record TagList
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; init; }
}
