using Tomlyn;
using Tomlyn.Model;

namespace Buildpacks.Platform.Toml;

/// <summary>Turns a TOML model into the text of a file written into an image (order.toml, run.toml…).</summary>
internal static class TomlText
{
    public static string Serialize(TomlTable model) => TomlSerializer.Serialize(model, PlatformTomlContext.Default.TomlTable);

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
