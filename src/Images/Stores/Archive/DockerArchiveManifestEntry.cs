using System.Text.Json.Serialization;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// One image of a docker-archive's <c>manifest.json</c> (the file <c>docker save</c> writes and <c>docker load</c>
/// reads): paths inside the archive of the config and the layers, and the names to give the image.
/// </summary>
public sealed record DockerArchiveManifestEntry
{
    /// <summary>The archive path of the config JSON (<c>&lt;hex&gt;.json</c> or <c>blobs/sha256/&lt;hex&gt;</c>).</summary>
    [JsonPropertyName("Config")]
    public required string Config { get; init; }

    /// <summary>The names, <c>repository:tag</c> in familiar form; may be null for an untagged image.</summary>
    [JsonPropertyName("RepoTags")]
    public IReadOnlyList<string>? RepoTags { get; init; }

    /// <summary>The archive paths of the layers, base first (<c>&lt;id&gt;/layer.tar</c> or blobs), plain or gzip tar.</summary>
    [JsonPropertyName("Layers")]
    public required IReadOnlyList<string> Layers { get; init; }
}

/// <summary>Source-generated JSON for <c>manifest.json</c> (NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(List<DockerArchiveManifestEntry>))]
internal sealed partial class DockerArchiveJsonContext : JsonSerializerContext
{
}
