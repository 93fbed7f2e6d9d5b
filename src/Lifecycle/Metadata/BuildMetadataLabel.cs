using System.Text.Json.Serialization;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>
/// The app image label <c>io.buildpacks.build.metadata</c> (Platform API, "Labels"; lifecycle platform/files
/// <c>BuildMetadata</c>): the buildpacks that built the image, the launcher, and the processes. Spellings are the
/// reference lifecycle's, which differ from the spec in places: no <c>api</c> on buildpacks, <c>buildpackID</c> on
/// processes (metadata.toml says <c>buildpack-id</c>), and <c>bom</c> always an empty array since Platform API 0.9.
/// </summary>
public sealed record BuildMetadataLabel
{
    /// <summary>The label that carries this document.</summary>
    public const string Label = "io.buildpacks.build.metadata";

    /// <summary>The legacy bill of materials, always empty (SBOMs live in the SBOM layer).</summary>
    [JsonPropertyName("bom")]
    public IReadOnlyList<string> Bom { get; init; } = [];

    /// <summary>The buildpacks of the group.</summary>
    [JsonPropertyName("buildpacks")]
    public IReadOnlyList<BuildpackLabelEntry> Buildpacks { get; init; } = [];

    /// <summary>The launcher that the image carries.</summary>
    [JsonPropertyName("launcher")]
    public LauncherLabelMetadata Launcher { get; init; } = new();

    /// <summary>The processes, sorted by type.</summary>
    [JsonPropertyName("processes")]
    public IReadOnlyList<ProcessLabelEntry> Processes { get; init; } = [];

    /// <summary>The process type a buildpack marked default, if any.</summary>
    [JsonPropertyName("buildpack-default-process-type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BuildpackDefaultProcessType { get; init; }
}

/// <summary>A buildpack of <see cref="BuildMetadataLabel.Buildpacks"/>.</summary>
/// <param name="Id">The buildpack id.</param>
/// <param name="Version">The buildpack version.</param>
/// <param name="Homepage">Its homepage, if it declared one.</param>
public sealed record BuildpackLabelEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("homepage")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Homepage);

/// <summary>The launcher's version and source (lifecycle <c>LauncherMetadata</c>).</summary>
public sealed record LauncherLabelMetadata
{
    /// <summary>The launcher version.</summary>
    [JsonPropertyName("version")]
    public string Version { get; init; } = "";

    /// <summary>Where the launcher was built from.</summary>
    [JsonPropertyName("source")]
    public LauncherSource Source { get; init; } = new();
}

/// <summary>The launcher's source.</summary>
public sealed record LauncherSource
{
    /// <summary>The git repository and commit.</summary>
    [JsonPropertyName("git")]
    public LauncherGitSource Git { get; init; } = new();
}

/// <summary>A git repository and commit.</summary>
public sealed record LauncherGitSource
{
    /// <summary>The repository URL.</summary>
    [JsonPropertyName("repository")]
    public string Repository { get; init; } = "";

    /// <summary>The commit.</summary>
    [JsonPropertyName("commit")]
    public string Commit { get; init; } = "";
}

/// <summary>A process of <see cref="BuildMetadataLabel.Processes"/> (lifecycle launch.Process JSON).</summary>
public sealed record ProcessLabelEntry
{
    /// <summary>The process type.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The command (an array since Platform API 0.10).</summary>
    [JsonPropertyName("command")]
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Default arguments.</summary>
    [JsonPropertyName("args")]
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Whether it runs without a shell.</summary>
    [JsonPropertyName("direct")]
    public bool Direct { get; init; }

    /// <summary>The buildpack that contributed it (<c>buildpackID</c>, not <c>buildpack-id</c>).</summary>
    [JsonPropertyName("buildpackID")]
    public string BuildpackId { get; init; } = "";

    /// <summary>The working directory, when not the app dir.</summary>
    [JsonPropertyName("working-dir")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WorkingDirectory { get; init; }

    /// <summary>The execution environments it applies to; omitted when all.</summary>
    [JsonPropertyName("exec-env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ExecEnv { get; init; }
}
