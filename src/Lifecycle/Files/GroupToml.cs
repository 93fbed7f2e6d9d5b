using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>group.toml</c>: <c>[[group]] id, version, api, homepage</c> (Platform API, "group.toml"). Written by the detector,
/// read by the builder. Like the reference lifecycle, <c>optional</c> is never written.
/// </summary>
public static class GroupToml
{
    /// <summary>Reads a group file.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static IReadOnlyList<GroupElement> Read(string path)
    {
        var root = TomlDocument.Load(path).Root;
        return root.GetTableArray("group")
            .Select(e => new GroupElement(
                e.GetRequiredString("id"),
                e.GetString("version") ?? "",
                Api: e.GetString("api"),
                Homepage: e.GetString("homepage")))
            .ToList();
    }

    /// <summary>Writes a group file.</summary>
    public static void Write(string path, IReadOnlyList<GroupElement> group) => TomlFileWriter.Write(path, ToModel(group));

    internal static TomlTable ToModel(IReadOnlyList<GroupElement> group)
    {
        var root = new TomlTable();
        if (group.Count > 0)
        {
            var elements = new TomlTableArray();
            foreach (var element in group)
            {
                elements.Add(ElementTable(element));
            }

            root["group"] = elements;
        }

        return root;
    }

    internal static TomlTable ElementTable(GroupElement element)
    {
        var table = new TomlTable { ["id"] = element.Id, ["version"] = element.Version };
        table.AddIfNotEmpty("api", element.Api);
        table.AddIfNotEmpty("homepage", element.Homepage);
        return table;
    }
}
