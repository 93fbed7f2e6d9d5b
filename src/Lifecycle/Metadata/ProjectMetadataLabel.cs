using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>
/// The app image label <c>io.buildpacks.project.metadata</c>: project-metadata.toml as JSON
/// (<c>{"source":{"type","version","metadata"}}</c>, every part omitted when absent, as lifecycle platform/files
/// <c>ProjectMetadata</c> writes it).
/// </summary>
public sealed record ProjectMetadataLabel
{
    /// <summary>The label that carries this document.</summary>
    public const string Label = "io.buildpacks.project.metadata";

    /// <summary>The project source; null writes <c>{}</c>.</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProjectSourceLabel? Source { get; init; }
}

/// <summary>The <c>source</c> of <see cref="ProjectMetadataLabel"/>.</summary>
public sealed record ProjectSourceLabel
{
    /// <summary>e.g. <c>git</c>.</summary>
    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    /// <summary>Free-form version data.</summary>
    [JsonPropertyName("version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Version { get; init; }

    /// <summary>Free-form metadata.</summary>
    [JsonPropertyName("metadata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Metadata { get; init; }
}
