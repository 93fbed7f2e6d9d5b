using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>run.toml</c> (Platform API, "run.toml"; default <c>/cnb/run.toml</c>): <c>[[images]] image, mirrors</c>, the run
/// images a builder offers, the first being the default.
/// </summary>
public static class RunToml
{
    /// <summary>Reads the run images; a missing file lists none (the reference lifecycle does the same).</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static IReadOnlyList<RunImageEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return TomlDocument.Load(path).Root.GetTableArray("images")
            .Select(i => new RunImageEntry(i.GetString("image") ?? "", i.GetStringArray("mirrors")))
            .ToList();
    }
}
