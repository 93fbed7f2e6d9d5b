using System.Text.Json.Serialization;

namespace Buildpacks.Images.Engine;

/// <summary><c>GET /images/{name}/json</c>.</summary>
internal sealed class ImageInspectWire
{
    [JsonPropertyName("Id")]
    public string? Id { get; set; }

    [JsonPropertyName("RepoTags")]
    public List<string>? RepoTags { get; set; }

    [JsonPropertyName("RootFS")]
    public RootFsWire? RootFs { get; set; }

    [JsonPropertyName("Os")]
    public string? Os { get; set; }

    [JsonPropertyName("Architecture")]
    public string? Architecture { get; set; }

    [JsonPropertyName("Variant")]
    public string? Variant { get; set; }

    [JsonPropertyName("Config")]
    public ImageConfigWire? Config { get; set; }
}

/// <summary>The <c>RootFS</c> of an inspected image.</summary>
internal sealed class RootFsWire
{
    [JsonPropertyName("Layers")]
    public List<string>? Layers { get; set; }
}

/// <summary>The <c>Config</c> of an inspected image: what its containers start with.</summary>
internal sealed class ImageConfigWire
{
    [JsonPropertyName("Labels")]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("User")]
    public string? User { get; set; }

    [JsonPropertyName("Env")]
    public List<string>? Env { get; set; }
}

/// <summary>One entry of <c>GET /images/json</c>.</summary>
internal sealed class ImageSummaryWire
{
    [JsonPropertyName("Id")]
    public string? Id { get; set; }

    [JsonPropertyName("RepoTags")]
    public List<string>? RepoTags { get; set; }
}
