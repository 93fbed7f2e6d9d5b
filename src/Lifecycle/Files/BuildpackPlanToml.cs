using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// The Buildpack Plan handed to <c>bin/build</c>: <c>[[entries]] name, [entries.metadata]</c> (Buildpack API,
/// "Buildpack Plan (TOML)"). Several entries may share a name, one per requirer.
/// </summary>
public static class BuildpackPlanToml
{
    /// <summary>Writes the plan of one buildpack.</summary>
    public static void Write(string path, IReadOnlyList<Require> entries)
    {
        var root = new TomlTable();
        if (entries.Count > 0)
        {
            root["entries"] = PlanToml.RequiresArray(entries);
        }

        TomlFileWriter.Write(path, root);
    }

    /// <summary>Reads a buildpack plan (the names a buildpack may mark unmet are checked against it).</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static IReadOnlyList<Require> Read(string path) =>
        TomlDocument.Load(path).Root.GetTableArray("entries")
            .Select(r => new Require(r.GetRequiredString("name"), r.GetTable("metadata")?.Table ?? new TomlTable()))
            .ToList();
}
