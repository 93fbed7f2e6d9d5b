using System.Text.Json.Serialization;

namespace Buildpacks.Images.Json;

/// <summary>
/// Just enough of any manifest-like document to tell what it is when no Content-Type says so (an OCI
/// manifest may omit <c>mediaType</c>; then <c>manifests</c> vs <c>config</c> decides).
/// </summary>
public sealed record ManifestEnvelope
{
    /// <summary>The declared media type, if any.</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    /// <summary>Schema version (1 is the long-gone Docker v1 format).</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    /// <summary>Present in indexes.</summary>
    [JsonPropertyName("manifests")]
    public System.Text.Json.JsonElement? Manifests { get; init; }

    /// <summary>Present in manifests.</summary>
    [JsonPropertyName("config")]
    public System.Text.Json.JsonElement? Config { get; init; }
}
