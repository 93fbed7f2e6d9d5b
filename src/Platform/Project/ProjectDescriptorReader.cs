using Buildpacks.Lifecycle.Toml;
using Buildpacks.Platform.Diagnostics;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Buildpacks.Platform.Project;

/// <summary>
/// Reads <c>project.toml</c> (buildpacks/spec extensions/project-descriptor.md, pack's <c>pkg/project</c>): schema 0.2
/// (<c>[_]</c>, <c>[io.buildpacks]</c> with <c>include</c>/<c>exclude</c>, <c>[[io.buildpacks.group]]</c>,
/// <c>[[io.buildpacks.build.env]]</c> and pack's deprecated <c>[[io.buildpacks.env.build]]</c>, <c>builder</c>) and the
/// legacy 0.1 (<c>[project]</c>, <c>[build]</c> with the same keys, <c>[[build.buildpacks]]</c>). Tables of other
/// reverse domains and <c>[_.metadata]</c> are the project's own and left alone; a misspelt key in the tables read is
/// an error, as a silently ignored setting builds the wrong image.
/// </summary>
public static class ProjectDescriptorReader
{
    /// <summary>The descriptor's file name.</summary>
    public const string FileName = "project.toml";

    private static readonly string[] BuildpacksKeys = ["include", "exclude", "group", "env", "build", "builder", "pre", "post"];
    private static readonly string[] LegacyBuildKeys = ["include", "exclude", "buildpacks", "env", "builder", "pre", "post"];
    private static readonly string[] BuildpackKeys = ["id", "version", "uri", "script", "exec-env"];
    private static readonly string[] EnvKeys = ["name", "value", "exec-env"];

    /// <summary>Reads <c>project.toml</c> in <paramref name="projectDirectory"/>; null when there is none (or no directory).</summary>
    /// <exception cref="CodedException">BP1101-BP1107 for a file that cannot be used.</exception>
    public static ProjectDescriptor? TryReadFrom(string? projectDirectory)
    {
        if (string.IsNullOrEmpty(projectDirectory))
        {
            return null;
        }

        var path = Path.Combine(projectDirectory, FileName);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>Reads the descriptor at <paramref name="filePath"/>.</summary>
    /// <exception cref="CodedException">BP1101-BP1107 for a file that cannot be used.</exception>
    public static ProjectDescriptor Read(string filePath)
    {
        var full = Path.GetFullPath(filePath);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CodedException.Because(e, Messages.ProjectTomlUnreadable, full, e.Message);
        }

        // Parsed for syntax first: the parser knows the line of a mistake, which the model does not.
        var syntax = SyntaxParser.Parse(text, full);
        if (syntax.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error) is { } error)
        {
            throw CodedException.Of(Messages.ProjectTomlMalformed, full, error.Span.Start.Line + 1, error.Message);
        }

        try
        {
            var root = TomlDocument.Parse(text, full, UnknownKeys.Reject).Root;
            var descriptor = root.Contains("_") || !(root.Contains("project") || root.Contains("build") || root.Contains("metadata"))
                ? ReadCurrent(full, root)
                : ReadLegacy(full, root);
            if (descriptor.Include.Count > 0 && descriptor.Exclude.Count > 0)
            {
                throw CodedException.Of(Messages.IncludeAndExclude, $"{full}: include and exclude");
            }

            return descriptor;
        }
        catch (TomlFileException e) when (e.Key is null && e.Line is { } line)
        {
            throw CodedException.Because(e, Messages.ProjectTomlMalformed, full, line, e.Reason);
        }
        catch (TomlFileException e)
        {
            throw CodedException.Because(e, Messages.ProjectTomlInvalidKey, full, e.Key ?? "(file)", e.Reason);
        }
    }

    // Schema 0.2: [_] and [io.buildpacks].
    private static ProjectDescriptor ReadCurrent(string file, TomlSection root)
    {
        var project = root.GetTable("_");
        var schema = project?.GetString("schema-version") ?? "0.2";
        if (schema is not ("0.2" or "0.3"))
        {
            throw CodedException.Of(Messages.ProjectTomlUnsupportedSchema, file, schema);
        }

        var buildpacks = root.GetTable("io")?.GetTable("buildpacks");
        buildpacks?.ExpectKeys(BuildpacksKeys);
        RejectGroupAdditions(file, buildpacks);
        var env = new List<KeyValuePair<string, string>>();
        if (buildpacks?.GetTable("env") is { } deprecated)
        {
            deprecated.ExpectKeys("build");
            env.AddRange(ReadEnv(deprecated.GetTableArray("build")));
        }

        if (buildpacks?.GetTable("build") is { } build)
        {
            build.ExpectKeys("env");
            env.AddRange(ReadEnv(build.GetTableArray("env")));
        }

        return new ProjectDescriptor
        {
            FilePath = file,
            SchemaVersion = schema,
            Id = project?.GetString("id"),
            Name = project?.GetString("name"),
            Version = project?.GetString("version"),
            Builder = NullIfEmpty(buildpacks?.GetString("builder")),
            Include = buildpacks?.GetStringArray("include") ?? [],
            Exclude = buildpacks?.GetStringArray("exclude") ?? [],
            Environment = env,
            Buildpacks = ReadBuildpacks(file, buildpacks?.GetTableArray("group") ?? []),
        };
    }

    // Schema 0.1: [project], [build], [metadata].
    private static ProjectDescriptor ReadLegacy(string file, TomlSection root)
    {
        var project = root.GetTable("project");
        var build = root.GetTable("build");
        build?.ExpectKeys(LegacyBuildKeys);
        RejectGroupAdditions(file, build);
        return new ProjectDescriptor
        {
            FilePath = file,
            SchemaVersion = "0.1",
            Id = project?.GetString("id"),
            Name = project?.GetString("name"),
            Version = project?.GetString("version"),
            Builder = NullIfEmpty(build?.GetString("builder")),
            Include = build?.GetStringArray("include") ?? [],
            Exclude = build?.GetStringArray("exclude") ?? [],
            Environment = ReadEnv(build?.GetTableArray("env") ?? []),
            Buildpacks = ReadBuildpacks(file, build?.GetTableArray("buildpacks") ?? []),
        };
    }

    private static List<KeyValuePair<string, string>> ReadEnv(IReadOnlyList<TomlSection> entries)
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var entry in entries)
        {
            entry.ExpectKeys(EnvKeys);
            env.Add(new(entry.GetRequiredString("name", "give the variable's name."), entry.GetString("value") ?? string.Empty));
        }

        return env;
    }

    private static List<string> ReadBuildpacks(string file, IReadOnlyList<TomlSection> entries)
    {
        var directory = Path.GetDirectoryName(file)!;
        var buildpacks = new List<string>();
        foreach (var entry in entries)
        {
            entry.ExpectKeys(BuildpackKeys);
            if (entry.Contains("script"))
            {
                throw CodedException.Of(Messages.ProjectTomlUnsupported, file, entry.Qualified("script"), "inline script buildpacks are not built; put the buildpack in a directory beside project.toml and give its path as uri.");
            }

            var uri = NullIfEmpty(entry.GetString("uri"));
            var id = NullIfEmpty(entry.GetString("id"));
            var version = NullIfEmpty(entry.GetString("version"));
            if (uri is not null)
            {
                // A path is taken relative to project.toml, wherever the build runs from.
                var local = uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? uri["file://".Length..] : uri;
                var candidate = Path.GetFullPath(Path.Combine(directory, local));
                buildpacks.Add(!uri.StartsWith("docker://", StringComparison.OrdinalIgnoreCase) && Path.Exists(candidate) ? candidate : uri);
            }
            else if (id is not null)
            {
                buildpacks.Add(version is null ? id : $"{id}@{version}");
            }
            else
            {
                throw entry.Invalid("uri", "or 'id' is required: name a buildpack by uri (a path or image) or by id[@version] of one the builder has.");
            }
        }

        return buildpacks;
    }

    private static void RejectGroupAdditions(string file, TomlSection? section)
    {
        foreach (var key in new[] { "pre", "post" })
        {
            if (section?.GetTable(key) is { } addition && addition.GetTableArray("group").Count > 0)
            {
                throw CodedException.Of(Messages.ProjectTomlUnsupported, file, addition.KeyPath, "buildpacks before or after the builder's order are not supported yet; list the whole group in [[io.buildpacks.group]] instead.");
            }
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
