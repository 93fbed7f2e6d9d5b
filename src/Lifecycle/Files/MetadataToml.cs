using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Launch;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>&lt;layers&gt;/config/metadata.toml</c> (Platform API, "metadata.toml"): <c>buildpack-default-process-type</c>,
/// <c>[[buildpacks]]</c>, <c>[[processes]]</c> (as array tables, <c>command</c> an array since Platform API 0.10,
/// <c>default</c> never written), <c>[[labels]]</c>, <c>[[slices]]</c>.
/// </summary>
public static class MetadataToml
{
    /// <summary>Writes the build metadata.</summary>
    public static void Write(string path, BuildMetadata metadata)
    {
        var root = new TomlTable();
        // Top-level values first: a TOML key after a table header would belong to that table.
        root.AddIfNotEmpty("buildpack-default-process-type", metadata.BuildpackDefaultProcessType);
        AddArray(root, "buildpacks", metadata.Buildpacks, GroupToml.ElementTable);
        AddArray(root, "processes", metadata.Processes, ProcessTable);
        AddArray(root, "labels", metadata.Labels, l => new TomlTable { ["key"] = l.Key, ["value"] = l.Value });
        AddArray(root, "slices", metadata.Slices, s => new TomlTable { ["paths"] = s.Paths.ToTomlArray() });
        TomlFileWriter.Write(path, root);
    }

    /// <summary>Reads build metadata (for the exporter and launcher, and to check what the builder wrote).</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static BuildMetadata Read(string path)
    {
        var root = TomlDocument.Load(path).Root;
        return new BuildMetadata(
            root.GetTableArray("buildpacks").Select(b => new GroupElement(
                b.GetRequiredString("id"), b.GetString("version") ?? "", Api: b.GetString("api"), Homepage: b.GetString("homepage"))).ToList(),
            root.GetTableArray("processes").Select(ReadProcess).ToList(),
            root.GetTableArray("labels").Select(l => new LaunchLabel(l.GetRequiredString("key"), l.GetString("value") ?? "")).ToList(),
            root.GetTableArray("slices").Select(s => new AppSlice(s.GetStringArray("paths"))).ToList(),
            root.GetString("buildpack-default-process-type"));
    }

    private static LaunchProcess ReadProcess(TomlSection process)
    {
        // Platform API < 0.10 wrote command as a string; accept both shapes.
        IReadOnlyList<string> command = process.Table.TryGetValue("command", out var value) && value is string single
            ? [single]
            : process.GetStringArray("command");
        return new LaunchProcess(
            process.GetRequiredString("type"),
            command,
            process.GetStringArray("args"),
            process.GetBool("direct"),
            Default: false,
            process.GetString("buildpack-id") ?? "",
            process.GetString("working-dir"),
            process.GetStringArray("exec-env"));
    }

    private static TomlTable ProcessTable(LaunchProcess process)
    {
        var table = new TomlTable
        {
            ["type"] = process.Type,
            ["command"] = process.Command.ToTomlArray(),
            ["args"] = process.Args.ToTomlArray(),
            ["direct"] = process.Direct,
            ["buildpack-id"] = process.BuildpackId,
        };
        table.AddIfNotEmpty("working-dir", process.WorkingDirectory);
        if (process.ExecEnv.Count > 0)
        {
            table["exec-env"] = process.ExecEnv.ToTomlArray();
        }

        return table;
    }

    private static void AddArray<T>(TomlTable root, string key, IReadOnlyList<T> items, Func<T, TomlTable> toTable)
    {
        if (items.Count == 0)
        {
            return;
        }

        var array = new TomlTableArray();
        foreach (var item in items)
        {
            array.Add(toTable(item));
        }

        root[key] = array;
    }
}
