using System.Text.Json.Serialization;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>
/// What a build cache holds, by layer (reference lifecycle <c>platform.CacheMetadata</c>): the cache SBOM layer and, per
/// buildpack, its cached layers with their diff IDs, metadata and types. A cache directory keeps it in the file
/// <c>committed/io.buildpacks.lifecycle.cache.metadata</c>; a cache image in the label of the same name. The JSON is
/// <c>{"sbom":{"sha"},"buildpacks":[{"key","version","layers":{name:{"sha","data","build","launch","cache"}}}]}</c>.
/// </summary>
public sealed record CacheMetadata
{
    /// <summary>The name of the metadata file in a cache directory and of the label on a cache image.</summary>
    public const string Label = "io.buildpacks.lifecycle.cache.metadata";

    /// <summary>An empty cache: what a missing or corrupt metadata document reads as.</summary>
    public static CacheMetadata Empty { get; } = new();

    /// <summary>The cache SBOM layer (<c>&lt;layers&gt;/sbom/cache</c>); null or an empty SHA when there is none.</summary>
    [JsonPropertyName("sbom")]
    public LayerSha? Sbom { get; init; }

    /// <summary>Per buildpack, its cached layers.</summary>
    [JsonPropertyName("buildpacks")]
    public IReadOnlyList<BuildpackLayersMetadata> Buildpacks { get; init; } = [];

    /// <summary>The buildpack entry with id <paramref name="id"/>, if any.</summary>
    public BuildpackLayersMetadata? ForBuildpack(string id) => Buildpacks.FirstOrDefault(b => b.Key == id);

    /// <summary>The diff ID of the cache SBOM layer, or null when there is none.</summary>
    [JsonIgnore]
    public string? SbomSha => Sbom is { Sha.Length: > 0 } sbom ? sbom.Sha : null;
}
