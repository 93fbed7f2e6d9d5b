using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>plan.toml</c>: <c>[[entries]] [[entries.providers]] id, version</c> then <c>[[entries.requires]] name,
/// [entries.requires.metadata]</c> (Platform API, "plan.toml"). Written by the detector, read by the builder.
/// </summary>
public static class PlanToml
{
    /// <summary>Reads a plan file.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static ResolvedPlan Read(string path)
    {
        var root = TomlDocument.Load(path).Root;
        return new ResolvedPlan(root.GetTableArray("entries")
            .Select(e => new PlanEntry(
                e.GetTableArray("providers").Select(p => new GroupElement(p.GetRequiredString("id"), p.GetString("version") ?? "")).ToList(),
                e.GetTableArray("requires").Select(r => new Require(r.GetRequiredString("name"), r.GetTable("metadata")?.Table ?? new TomlTable())).ToList()))
            .ToList());
    }

    /// <summary>Writes a plan file.</summary>
    public static void Write(string path, ResolvedPlan plan)
    {
        var root = new TomlTable();
        if (plan.Entries.Count > 0)
        {
            var entries = new TomlTableArray();
            foreach (var entry in plan.Entries)
            {
                var providers = new TomlTableArray();
                foreach (var provider in entry.Providers)
                {
                    providers.Add(new TomlTable { ["id"] = provider.Id, ["version"] = provider.Version });
                }

                entries.Add(new TomlTable { ["providers"] = providers, ["requires"] = RequiresArray(entry.Requires) });
            }

            root["entries"] = entries;
        }

        TomlFileWriter.Write(path, root);
    }

    internal static TomlTableArray RequiresArray(IEnumerable<Require> requires)
    {
        var array = new TomlTableArray();
        foreach (var require in requires)
        {
            var table = new TomlTable { ["name"] = require.Name };
            if (require.Metadata.Count > 0)
            {
                table["metadata"] = require.Metadata;
            }

            array.Add(table);
        }

        return array;
    }
}
