using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>&lt;layers&gt;/&lt;bp&gt;/store.toml</c>: <c>[metadata]</c> a buildpack keeps from one build to the next
/// (Buildpack API, "store.toml"); the restorer writes it back from the previous image.
/// </summary>
public static class StoreToml
{
    /// <summary>Reads the <c>[metadata]</c> table; a missing file is empty.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static TomlTable Read(string path) =>
        File.Exists(path) ? TomlDocument.Load(path).Root.GetTable("metadata")?.Table ?? new TomlTable() : new TomlTable();

    /// <summary>Writes <paramref name="metadata"/> as the <c>[metadata]</c> table.</summary>
    public static void Write(string path, TomlTable metadata) => TomlFileWriter.Write(path, new TomlTable { ["metadata"] = metadata });
}
