using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tomlyn;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>
/// Converts free-form metadata between TOML and JSON: a layer's <c>[metadata]</c> and a buildpack's <c>store.toml</c>
/// become JSON in the <c>io.buildpacks.lifecycle.metadata</c> label and the cache metadata, and come back as TOML when the
/// restorer writes them and when <c>analyzed.toml</c> carries the label as its <c>[metadata]</c> table. The mapping is what
/// the reference lifecycle gets by decoding TOML into Go maps and encoding those as JSON (and back): tables ↔ objects,
/// arrays ↔ arrays, strings, booleans, integers and floats as themselves, date-times as their TOML text. JSON has
/// <c>null</c> and TOML does not: null members and null array items are left out.
/// </summary>
public static class TomlJsonConversion
{
    /// <summary>
    /// The JSON object for a TOML table, keys in ordinal order: Go decodes TOML into maps and encodes maps with sorted
    /// keys, so the labels we write read the same as the reference lifecycle's, whatever order the file had.
    /// </summary>
    public static JsonObject ToJson(TomlTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var json = new JsonObject();
        foreach (var key in table.Keys.Order(StringComparer.Ordinal))
        {
            json[key] = ToJsonNode(table[key]);
        }

        return json;
    }

    /// <summary>The TOML table for a JSON object (null members are dropped).</summary>
    public static TomlTable ToToml(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var table = new TomlTable();
        foreach (var (key, node) in json)
        {
            if (ToTomlValue(node) is { } value)
            {
                table[key] = value;
            }
        }

        return table;
    }

    /// <summary>The TOML table for an optional JSON object: empty for null.</summary>
    public static TomlTable ToTomlOrEmpty(JsonObject? json) => json is null ? new TomlTable() : ToToml(json);

    private static JsonNode? ToJsonNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        TomlDateTime dateTime => JsonValue.Create(dateTime.ToString()),
        TomlTable table => ToJson(table),
        TomlTableArray tables => new JsonArray(tables.Select(t => (JsonNode?)ToJson(t)).ToArray()),
        TomlArray array => new JsonArray(array.Select(ToJsonNode).ToArray()),
        IFormattable formattable => JsonValue.Create(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    private static object? ToTomlValue(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                return ToToml(obj);
            case JsonArray array:
                var items = array.Where(item => item is not null).ToList();
                if (items.Count > 0 && items.All(item => item is JsonObject))
                {
                    // An array of objects is an array of tables ([[key]]), as Go's TOML encoder writes []map.
                    var tables = new TomlTableArray();
                    foreach (var item in items)
                    {
                        tables.Add(ToToml((JsonObject)item!));
                    }

                    return tables;
                }

                var tomlArray = new TomlArray();
                foreach (var item in items)
                {
                    tomlArray.Add(ToTomlValue(item));
                }

                return tomlArray;
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => ToTomlNumber(value),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static object ToTomlNumber(JsonValue value)
    {
        if (value.TryGetValue<long>(out var integer))
        {
            return integer;
        }

        if (value.TryGetValue<int>(out var small))
        {
            return (long)small;
        }

        if (value.TryGetValue<double>(out var real))
        {
            return real;
        }

        // A number parsed from JSON text: integral when it parses as one, else a float.
        var text = value.ToJsonString();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
