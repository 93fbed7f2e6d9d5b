using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>The source of the application (project-metadata.toml <c>[source]</c>); every part is optional.</summary>
/// <param name="Type">e.g. <c>git</c>.</param>
/// <param name="Version">Free-form version data, e.g. <c>commit</c>.</param>
/// <param name="Metadata">Free-form metadata, e.g. <c>repository</c>, <c>refs</c>.</param>
public sealed record ProjectSource(string? Type, TomlTable Version, TomlTable Metadata);

/// <summary>
/// <c>&lt;layers&gt;/project-metadata.toml</c> (Platform API, "project-metadata.toml"): <c>[source] type,
/// [source.version], [source.metadata]</c>; the exporter turns it into the <c>io.buildpacks.project.metadata</c> label.
/// </summary>
public static class ProjectMetadataToml
{
    /// <summary>Reads the project source; null when the file or its <c>[source]</c> table is absent.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static ProjectSource? Read(string path)
    {
        if (!File.Exists(path) || TomlDocument.Load(path).Root.GetTable("source") is not { } source)
        {
            return null;
        }

        return new ProjectSource(
            source.GetString("type"),
            source.GetTable("version")?.Table ?? new TomlTable(),
            source.GetTable("metadata")?.Table ?? new TomlTable());
    }
}
