using Tomlyn;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Toml;

/// <summary>
/// Turns a TOML model into text (and files) through the source-generated serializer: the one writer of the lifecycle's
/// data files and of the TOML files the platform puts into builders (order.toml, run.toml, lifecycle.toml…).
/// </summary>
public static class TomlFileWriter
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="filePath"/>, creating its directory.</summary>
    public static void Write(string filePath, TomlTable model)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(filePath, Serialize(model));
    }

    /// <summary>The TOML text of <paramref name="model"/>.</summary>
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

    /// <summary>A TOML array of tables.</summary>
    public static TomlTableArray ToTomlTableArray(this IEnumerable<TomlTable> tables)
    {
        var array = new TomlTableArray();
        foreach (var table in tables)
        {
            array.Add(table);
        }

        return array;
    }
}
