using System.Text.Json.Serialization;

namespace Buildpacks.Images.Engine;

/// <summary>The body of <c>POST /containers/create</c>.</summary>
internal sealed class ContainerCreateWire
{
    [JsonPropertyName("Image")]
    public required string Image { get; set; }

    [JsonPropertyName("Entrypoint")]
    public List<string>? Entrypoint { get; set; }

    [JsonPropertyName("Cmd")]
    public List<string>? Cmd { get; set; }

    [JsonPropertyName("Env")]
    public List<string>? Env { get; set; }

    [JsonPropertyName("User")]
    public string? User { get; set; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; set; }

    [JsonPropertyName("Labels")]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("AttachStdout")]
    public bool AttachStdout { get; set; }

    [JsonPropertyName("AttachStderr")]
    public bool AttachStderr { get; set; }

    [JsonPropertyName("HostConfig")]
    public HostConfigWire? HostConfig { get; set; }
}

/// <summary>The <c>HostConfig</c> of a container to create.</summary>
internal sealed class HostConfigWire
{
    [JsonPropertyName("Binds")]
    public List<string>? Binds { get; set; }

    [JsonPropertyName("NetworkMode")]
    public string? NetworkMode { get; set; }

    [JsonPropertyName("SecurityOpt")]
    public List<string>? SecurityOpt { get; set; }
}

/// <summary>The answer of <c>POST /containers/create</c>.</summary>
internal sealed class ContainerCreatedWire
{
    [JsonPropertyName("Id")]
    public string? Id { get; set; }
}

/// <summary>The answer of <c>POST /containers/{id}/wait</c>.</summary>
internal sealed class ContainerWaitWire
{
    [JsonPropertyName("StatusCode")]
    public long StatusCode { get; set; }

    [JsonPropertyName("Error")]
    public WaitErrorWire? Error { get; set; }
}

/// <summary>Why a wait failed (Docker writes <c>Message</c>).</summary>
internal sealed class WaitErrorWire
{
    [JsonPropertyName("Message")]
    public string? Message { get; set; }
}

/// <summary>The body of <c>POST /volumes/create</c>.</summary>
internal sealed class VolumeCreateWire
{
    [JsonPropertyName("Name")]
    public required string Name { get; set; }

    [JsonPropertyName("Labels")]
    public Dictionary<string, string>? Labels { get; set; }
}

/// <summary>The part of <c>GET /info</c>'s answer the platform reads.</summary>
internal sealed class InfoWire
{
    [JsonPropertyName("Name")]
    public string? Name { get; set; }

    [JsonPropertyName("OperatingSystem")]
    public string? OperatingSystem { get; set; }

    [JsonPropertyName("DriverStatus")]
    public List<List<string>>? DriverStatus { get; set; }
}
