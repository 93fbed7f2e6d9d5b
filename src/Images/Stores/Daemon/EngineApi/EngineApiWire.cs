using System.Text.Json.Serialization;

namespace Buildpacks.Images.Stores.Daemon.EngineApi;

// The JSON shapes of the Engine API answers this client reads, with the daemon's spellings; only the fields the
// store uses. Docker and Podman's compatible API write the same names.

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
}

/// <summary>The <c>RootFS</c> of an inspected image.</summary>
internal sealed class RootFsWire
{
    [JsonPropertyName("Layers")]
    public List<string>? Layers { get; set; }
}

/// <summary>One entry of <c>GET /images/json</c>.</summary>
internal sealed class ImageSummaryWire
{
    [JsonPropertyName("Id")]
    public string? Id { get; set; }

    [JsonPropertyName("RepoTags")]
    public List<string>? RepoTags { get; set; }
}

/// <summary><c>GET /version</c>.</summary>
internal sealed class VersionWire
{
    [JsonPropertyName("Version")]
    public string? Version { get; set; }

    [JsonPropertyName("ApiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("MinAPIVersion")]
    public string? MinApiVersion { get; set; }

    [JsonPropertyName("Os")]
    public string? Os { get; set; }

    [JsonPropertyName("Arch")]
    public string? Arch { get; set; }
}

/// <summary>The body of an error answer: Docker writes <c>message</c>; Podman adds <c>cause</c> and <c>response</c>.</summary>
internal sealed class ErrorWire
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("cause")]
    public string? Cause { get; set; }
}

/// <summary>One message of a streamed answer (<c>POST /images/load</c>).</summary>
internal sealed class StreamMessageWire
{
    [JsonPropertyName("stream")]
    public string? Stream { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("errorDetail")]
    public ErrorWire? ErrorDetail { get; set; }
}
