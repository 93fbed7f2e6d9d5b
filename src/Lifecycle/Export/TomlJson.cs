using System.Globalization;
using System.Text.Json.Nodes;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// Free-form TOML tables (layer <c>[metadata]</c>, store.toml, project-metadata.toml) as the JSON the reference
/// lifecycle puts in labels: Go decodes TOML into maps and encodes them with keys sorted, so keys are sorted here.
/// </summary>
internal static class TomlJson
{
    public static JsonObject ToJson(TomlTable table)
    {
        var result = new JsonObject();
        foreach (var key in table.Keys.Order(StringComparer.Ordinal))
        {
            result[key] = ToJson(table[key]);
        }

        return result;
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        TomlTable t => ToJson(t),
        TomlTableArray tables => new JsonArray(tables.Select(t => (JsonNode?)ToJson(t)).ToArray()),
        TomlArray array => new JsonArray(array.Select(ToJson).ToArray()),
        IFormattable f => JsonValue.Create(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };
}
