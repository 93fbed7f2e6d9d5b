using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>
/// The app image label <c>io.buildpacks.lifecycle.metadata</c> (Platform API, "Labels"): which layer is which, so
/// that the next build can reuse launch layers and a rebase can find the run image's top layer. Key spellings are
/// the reference lifecycle's (<c>runImage.topLayer</c>, <c>key</c> for the buildpack id, <c>process-types</c>), and
/// the same document, as TOML, is the <c>[metadata]</c> table of <c>analyzed.toml</c>.
/// </summary>
public sealed record LayersMetadata
{
    /// <summary>The label that carries this document.</summary>
    public const string Label = "io.buildpacks.lifecycle.metadata";

    /// <summary>The app layers (slices, then the rest), each by diff ID.</summary>
    [JsonPropertyName("app")]
    public IReadOnlyList<LayerSha> App { get; init; } = [];

    /// <summary>The launch SBOM layer, when there is one.</summary>
    [JsonPropertyName("sbom")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LayerSha? Sbom { get; init; }

    /// <summary>Per buildpack, its launch layers and its <c>store.toml</c> metadata.</summary>
    [JsonPropertyName("buildpacks")]
    public IReadOnlyList<BuildpackLayersMetadata> Buildpacks { get; init; } = [];

    /// <summary>The config layer (<c>&lt;layers&gt;/config</c>).</summary>
    [JsonPropertyName("config")]
    public LayerSha? Config { get; init; }

    /// <summary>The launcher layer.</summary>
    [JsonPropertyName("launcher")]
    public LayerSha? Launcher { get; init; }

    /// <summary>The <c>/cnb/process</c> symlinks layer.</summary>
    [JsonPropertyName("process-types")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LayerSha? ProcessTypes { get; init; }

    /// <summary>The run image the app image is built on.</summary>
    [JsonPropertyName("runImage")]
    public RunImageMetadata? RunImage { get; init; }

    /// <summary>The deprecated stack form of the run image, still written for older platforms' rebasers.</summary>
    [JsonPropertyName("stack")]
    public StackMetadata? Stack { get; init; }

    /// <summary>The buildpack entry with id <paramref name="id"/>, if any.</summary>
    public BuildpackLayersMetadata? ForBuildpack(string id) => Buildpacks.FirstOrDefault(b => b.Key == id);
}

/// <summary>A layer named by its uncompressed digest.</summary>
/// <param name="Sha">The diff ID, <c>sha256:&lt;hex&gt;</c>.</param>
public sealed record LayerSha([property: JsonPropertyName("sha")] string Sha);

/// <summary>One buildpack's entry in <see cref="LayersMetadata.Buildpacks"/>.</summary>
public sealed record BuildpackLayersMetadata
{
    /// <summary>The buildpack id (the reference lifecycle calls it <c>key</c>).</summary>
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    /// <summary>The buildpack version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = "";

    /// <summary>The buildpack's layers by name.</summary>
    [JsonPropertyName("layers")]
    public IReadOnlyDictionary<string, LayerRecord> Layers { get; init; } = new Dictionary<string, LayerRecord>();

    /// <summary>The buildpack's <c>store.toml</c> <c>[metadata]</c>, carried from build to build.</summary>
    [JsonPropertyName("store")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StoreMetadata? Store { get; init; }
}

/// <summary>What is recorded of one layer: its diff ID, its metadata and its types.</summary>
public sealed record LayerRecord
{
    /// <summary>The diff ID of the layer as exported (empty for a layer that was not exported).</summary>
    [JsonPropertyName("sha")]
    public string Sha { get; init; } = "";

    /// <summary>The layer's <c>[metadata]</c> table as JSON.</summary>
    [JsonPropertyName("data")]
    public JsonObject? Data { get; init; }

    /// <summary>Build layer.</summary>
    [JsonPropertyName("build")]
    public bool Build { get; init; }

    /// <summary>Launch layer.</summary>
    [JsonPropertyName("launch")]
    public bool Launch { get; init; }

    /// <summary>Cache layer.</summary>
    [JsonPropertyName("cache")]
    public bool Cache { get; init; }
}

/// <summary>The <c>store</c> of a buildpack: metadata a buildpack persists across builds.</summary>
/// <param name="Metadata">The <c>[metadata]</c> of <c>store.toml</c> as JSON.</param>
public sealed record StoreMetadata([property: JsonPropertyName("metadata")] JsonObject? Metadata);

/// <summary>The run image an app image was built on.</summary>
public sealed record RunImageMetadata
{
    /// <summary>The diff ID of the run image's top layer: everything up to it is replaced on rebase.</summary>
    [JsonPropertyName("topLayer")]
    public string TopLayer { get; init; } = "";

    /// <summary>The run image as resolved (a digest reference, or an image ID for a daemon).</summary>
    [JsonPropertyName("reference")]
    public string Reference { get; init; } = "";

    /// <summary>The run image name the builder or user asked for.</summary>
    [JsonPropertyName("image")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Image { get; init; }

    /// <summary>Mirrors of <see cref="Image"/>.</summary>
    [JsonPropertyName("mirrors")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Mirrors { get; init; }
}

/// <summary>The deprecated <c>stack</c> table.</summary>
/// <param name="RunImage">The run image name and mirrors.</param>
public sealed record StackMetadata([property: JsonPropertyName("runImage")] StackRunImage RunImage);

/// <summary>The run image of the deprecated <c>stack</c> table.</summary>
/// <param name="Image">The run image name.</param>
/// <param name="Mirrors">Its mirrors.</param>
public sealed record StackRunImage(
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("mirrors")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Mirrors);
