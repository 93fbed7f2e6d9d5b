using Tomlyn;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Toml;

/// <summary>Writes a TOML model to a file, creating its directory, through the source-generated serializer.</summary>
internal static class TomlFileWriter
{
    public static void Write(string filePath, TomlTable model)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(filePath, Serialize(model));
    }

    public static string Serialize(TomlTable model) => TomlSerializer.Serialize(model, TomlModelContext.Default.TomlTable);

    /// <summary>Adds <paramref name="value"/> under <paramref name="key"/> unless it is null or empty (Go's <c>omitempty</c>).</summary>
    public static void AddIfNotEmpty(this TomlTable table, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            table[key] = value;
        }
    }

    /// <summary>A TOML array of strings.</summary>
    public static TomlArray ToTomlArray(this IEnumerable<string> values)
    {
        var array = new TomlArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }
}
