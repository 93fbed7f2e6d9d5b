using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Project;

/// <summary>
/// What a <c>project.toml</c> (the CNB project descriptor, schema 0.2 with the <c>[_]</c> table, or the legacy 0.1 with
/// <c>[project]</c>/<c>[build]</c>) says about a build: which app files go in, the build environment, the buildpacks
/// and the builder. Read by <see cref="ProjectDescriptorReader"/>; merged into a request by <see cref="ApplyTo"/>,
/// where what MSBuild already set wins.
/// </summary>
public sealed record ProjectDescriptor
{
    /// <summary>The file it was read from.</summary>
    public required string FilePath { get; init; }

    /// <summary>The schema version: <c>0.1</c> or <c>0.2</c>.</summary>
    public required string SchemaVersion { get; init; }

    /// <summary>The project's machine-readable id, if given.</summary>
    public string? Id { get; init; }

    /// <summary>The project's human-readable name, if given.</summary>
    public string? Name { get; init; }

    /// <summary>The project's version, if given.</summary>
    public string? Version { get; init; }

    /// <summary>The builder the project asks for (used when MSBuild names none), if given.</summary>
    public string? Builder { get; init; }

    /// <summary>Gitignore-style globs of the app files to use (at most one of include and exclude is non-empty).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Gitignore-style globs of the app files to leave out.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The build environment (<c>[[io.buildpacks.build.env]]</c>), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>
    /// The buildpacks (<c>[[io.buildpacks.group]]</c>) in the form <see cref="BuildRequest.Buildpacks"/> takes: a
    /// <c>uri</c> (relative paths made absolute against the file's directory), else <c>id@version</c> or <c>id</c>.
    /// </summary>
    public IReadOnlyList<string> Buildpacks { get; init; } = [];

    /// <summary>
    /// <paramref name="request"/> with this descriptor's settings where the request has none of its own: include or
    /// exclude when the request has neither, buildpacks when it has none; environment variables the request does not
    /// set come first, the request's after them (so its values win).
    /// </summary>
    public BuildRequest ApplyTo(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestNames = request.Environment.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var hasFileSelection = request.Include.Count > 0 || request.Exclude.Count > 0;
        return request with
        {
            Include = hasFileSelection ? request.Include : Include,
            Exclude = hasFileSelection ? request.Exclude : Exclude,
            Buildpacks = request.Buildpacks.Count > 0 ? request.Buildpacks : Buildpacks,
            Environment = [.. Environment.Where(e => !requestNames.Contains(e.Key)), .. request.Environment],
        };
    }
}
