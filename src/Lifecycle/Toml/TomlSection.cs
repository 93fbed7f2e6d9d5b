using System.Globalization;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Toml;

/// <summary>
/// A table inside a <see cref="TomlDocument"/> with typed accessors. Keys that a reader does not ask for are ignored,
/// as the spec requires of unknown keys; a known key with the wrong type is rejected naming the file and the key.
/// </summary>
internal readonly struct TomlSection
{
    private readonly TomlDocument _document;
    private readonly string _keyPath;

    public TomlSection(TomlTable table, TomlDocument document, string keyPath)
    {
        Table = table;
        _document = document;
        _keyPath = keyPath;
    }

    /// <summary>The underlying table (for free-form <c>metadata</c> that is passed through).</summary>
    public TomlTable Table { get; }

    /// <summary>The document this section belongs to.</summary>
    public TomlDocument Document => _document;

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool Contains(string key) => Table.ContainsKey(key);

    public string? GetString(string key) => Get(key) switch
    {
        null => null,
        string s => s,
        var other => throw WrongType(key, "a string", other),
    };

    public string GetRequiredString(string key) =>
        GetString(key) is { Length: > 0 } value ? value : throw _document.Invalid($"'{Qualified(key)}' is required");

    public bool GetBool(string key) => Get(key) switch
    {
        null => false,
        bool b => b,
        var other => throw WrongType(key, "a boolean", other),
    };

    public IReadOnlyList<string> GetStringArray(string key)
    {
        switch (Get(key))
        {
            case null:
                return [];
            case TomlArray array:
                var result = new List<string>(array.Count);
                foreach (var item in array)
                {
                    result.Add(item as string ?? throw WrongType(key, "an array of strings", item));
                }

                return result;
            case var other:
                throw WrongType(key, "an array of strings", other);
        }
    }

    public TomlSection? GetTable(string key) => Get(key) switch
    {
        null => null,
        TomlTable t => new TomlSection(t, _document, Qualified(key)),
        var other => throw WrongType(key, "a table", other),
    };

    public IReadOnlyList<TomlSection> GetTableArray(string key)
    {
        switch (Get(key))
        {
            case null:
                return [];
            case TomlTableArray tables:
                var result = new List<TomlSection>(tables.Count);
                for (var i = 0; i < tables.Count; i++)
                {
                    result.Add(new TomlSection(tables[i], _document, $"{Qualified(key)}[{i}]"));
                }

                return result;
            case TomlArray { Count: 0 }:
                return [];
            case TomlArray inline when inline.All(item => item is TomlTable):
                var document = _document;
                var qualified = Qualified(key);
                return inline.Select((item, i) => new TomlSection((TomlTable)item!, document, $"{qualified}[{i}]")).ToList();
            case var other:
                throw WrongType(key, "an array of tables", other);
        }
    }

    /// <summary>A rejection of a value in this section.</summary>
    public TomlFileException Invalid(string key, string reason) => _document.Invalid($"'{Qualified(key)}' {reason}");

    private object? Get(string key) => Table.TryGetValue(key, out var value) ? value : null;

    private string Qualified(string key) => _keyPath.Length == 0 ? key : $"{_keyPath}.{key}";

    private TomlFileException WrongType(string key, string expected, object? actual) =>
        _document.Invalid(
            $"'{Qualified(key)}' must be {expected}, not {DescribeType(actual)}",
            _keyPath.Length == 0 ? _document.LineOfTopLevelKey(key) : null);

    private static string DescribeType(object? value) => value switch
    {
        null => "nothing",
        string => "a string",
        bool => "a boolean",
        long or double => string.Create(CultureInfo.InvariantCulture, $"a number ({value})"),
        TomlTable => "a table",
        TomlTableArray => "an array of tables",
        TomlArray => "an array",
        _ => value.GetType().Name,
    };
}
