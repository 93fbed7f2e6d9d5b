using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buildpacks.Images.Model;

/// <summary>
/// An image configuration (OCI image config / Docker image JSON). Fields this model does not name are kept in
/// <see cref="Extra"/> so that rewriting a foreign config loses nothing.
/// </summary>
public sealed record ImageConfig
{
    /// <summary>When the image was created.</summary>
    [JsonPropertyName("created")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(Json.Rfc3339JsonConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>The author.</summary>
    [JsonPropertyName("author")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    /// <summary>The CPU architecture (GOARCH spelling).</summary>
    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "amd64";

    /// <summary>The CPU variant.</summary>
    [JsonPropertyName("variant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Variant { get; init; }

    /// <summary>The operating system.</summary>
    [JsonPropertyName("os")]
    public string Os { get; init; } = "linux";

    /// <summary>The OS version (Windows).</summary>
    [JsonPropertyName("os.version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OsVersion { get; init; }

    /// <summary>The execution parameters of a container made from the image.</summary>
    [JsonPropertyName("config")]
    public ContainerConfig Config { get; init; } = new();

    /// <summary>The layers' uncompressed digests, base first.</summary>
    [JsonPropertyName("rootfs")]
    public RootFs RootFs { get; init; } = new();

    /// <summary>One entry per layer (and per empty step), base first.</summary>
    [JsonPropertyName("history")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HistoryEntry>? History { get; init; }

    /// <summary>Fields of the config JSON that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The platform this config declares.</summary>
    [JsonIgnore]
    public ImagePlatform Platform => new() { Os = Os, Architecture = Architecture, Variant = Variant, OsVersion = OsVersion };
}

/// <summary>The <c>config</c> object of an image config: how a container runs.</summary>
public sealed record ContainerConfig
{
    /// <summary>The user (name or uid[:gid]).</summary>
    [JsonPropertyName("User")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? User { get; init; }

    /// <summary>Exposed ports such as <c>8080/tcp</c>.</summary>
    [JsonPropertyName("ExposedPorts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(Json.StringSetJsonConverter))]
    public IReadOnlyList<string>? ExposedPorts { get; init; }

    /// <summary>Environment as <c>NAME=value</c> entries, in order.</summary>
    [JsonPropertyName("Env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary>The entrypoint.</summary>
    [JsonPropertyName("Entrypoint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>The default command (arguments to the entrypoint).</summary>
    [JsonPropertyName("Cmd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Volumes.</summary>
    [JsonPropertyName("Volumes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(Json.StringSetJsonConverter))]
    public IReadOnlyList<string>? Volumes { get; init; }

    /// <summary>The working directory.</summary>
    [JsonPropertyName("WorkingDir")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WorkingDir { get; init; }

    /// <summary>Labels; written sorted by key so the JSON is deterministic.</summary>
    [JsonPropertyName("Labels")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(Json.SortedStringMapJsonConverter))]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The stop signal.</summary>
    [JsonPropertyName("StopSignal")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopSignal { get; init; }

    /// <summary>Fields this model does not name (Healthcheck, Shell, OnBuild, ArgsEscaped…), kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The value of environment variable <paramref name="name"/>, or null.</summary>
    public string? GetEnv(string name)
    {
        var prefix = name + "=";
        return Env?.LastOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }
}

/// <summary>The <c>rootfs</c> object: the layers' diff IDs.</summary>
public sealed record RootFs
{
    /// <summary>Always <c>layers</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "layers";

    /// <summary>The uncompressed digests of the layers, base first.</summary>
    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<Digest> DiffIds { get; init; } = [];
}

/// <summary>One history entry of an image config.</summary>
public sealed record HistoryEntry
{
    /// <summary>When the step ran.</summary>
    [JsonPropertyName("created")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(Json.Rfc3339JsonConverter))]
    public DateTimeOffset? Created { get; init; }

    /// <summary>What made the layer.</summary>
    [JsonPropertyName("created_by")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CreatedBy { get; init; }

    /// <summary>Who made the layer.</summary>
    [JsonPropertyName("author")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Author { get; init; }

    /// <summary>A comment.</summary>
    [JsonPropertyName("comment")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Comment { get; init; }

    /// <summary>True when the step made no layer (not counted against rootfs.diff_ids).</summary>
    [JsonPropertyName("empty_layer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EmptyLayer { get; init; }
}
