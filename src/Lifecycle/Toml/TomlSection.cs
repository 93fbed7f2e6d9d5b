using System.Globalization;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Toml;

/// <summary>
/// A table inside a <see cref="TomlDocument"/> with typed accessors. A known key with the wrong type is rejected naming
/// the file and the key (and the line, for a top-level key); keys that a reader does not ask for are dealt with by the
/// document's <see cref="UnknownKeys"/> policy when the reader declares its keys with <see cref="ExpectKeys"/>.
/// </summary>
public readonly struct TomlSection
{
    private readonly TomlDocument _document;

    /// <summary>Wraps <paramref name="table"/> of <paramref name="document"/>, found at <paramref name="keyPath"/>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="document">The document holding it.</param>
    /// <param name="keyPath">The table's dotted path (e.g. <c>run.images[0]</c>); empty for the root.</param>
    public TomlSection(TomlTable table, TomlDocument document, string keyPath)
    {
        Table = table;
        _document = document;
        KeyPath = keyPath;
    }

    /// <summary>The underlying table (for free-form <c>metadata</c> that is passed through).</summary>
    public TomlTable Table { get; }

    /// <summary>The document this section belongs to.</summary>
    public TomlDocument Document => _document;

    /// <summary>The dotted path of this table, e.g. <c>run.images[0]</c>; empty for the root.</summary>
    public string KeyPath { get; }

    /// <summary>
    /// Declares the keys this table may hold; any other is ignored or rejected as the document's
    /// <see cref="UnknownKeys"/> says, the rejection naming the key and the keys allowed.
    /// </summary>
    public void ExpectKeys(params string[] known)
    {
        if (_document.UnknownKeys == UnknownKeys.Ignore)
        {
            return;
        }

        foreach (var key in Table.Keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Invalid(key, $"is not a known key{(KeyPath.Length == 0 ? "" : $" of [{KeyPath}]")}; the keys allowed here are: {string.Join(", ", known)}. Check its spelling.");
            }
        }
    }

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool Contains(string key) => Table.ContainsKey(key);

    /// <summary>The string at <paramref name="key"/>; null when absent.</summary>
    public string? GetString(string key) => Get(key) switch
    {
        null => null,
        string s => s,
        var other => throw WrongType(key, "a string", other),
    };

    /// <summary>The non-empty string at <paramref name="key"/>; rejected when absent or empty, with <paramref name="hint"/> saying what to write.</summary>
    public string GetRequiredString(string key, string? hint = null) =>
        GetString(key) is { Length: > 0 } value ? value : throw Invalid(key, hint is null ? "is required" : $"is required: {hint}");

    /// <summary>The boolean at <paramref name="key"/>; false when absent.</summary>
    public bool GetBool(string key) => Get(key) switch
    {
        null => false,
        bool b => b,
        var other => throw WrongType(key, "a boolean (true or false)", other),
    };

    /// <summary>The array of strings at <paramref name="key"/>; empty when absent.</summary>
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

    /// <summary>The table at <paramref name="key"/>; null when absent.</summary>
    public TomlSection? GetTable(string key) => Get(key) switch
    {
        null => null,
        TomlTable t => new TomlSection(t, _document, Qualified(key)),
        var other => throw WrongType(key, "a table", other),
    };

    /// <summary>The array of tables at <paramref name="key"/> (<c>[[key]]</c> or an inline array of tables); empty when absent.</summary>
    public IReadOnlyList<TomlSection> GetTableArray(string key)
    {
        var document = _document;
        var qualified = Qualified(key);
        return Get(key) switch
        {
            null => [],
            TomlTableArray tables => tables.Select((t, i) => new TomlSection(t, document, $"{qualified}[{i}]")).ToList(),
            TomlArray { Count: 0 } => [],
            TomlArray inline when inline.All(item => item is TomlTable) =>
                inline.Select((t, i) => new TomlSection((TomlTable)t!, document, $"{qualified}[{i}]")).ToList(),
            var other => throw WrongType(key, $"an array of tables ([[{qualified}]])", other),
        };
    }

    /// <summary>A rejection of the value at <paramref name="key"/> in this table (the key may be dotted further, e.g. <c>build.image</c>).</summary>
    public TomlFileException Invalid(string key, string reason) => new(_document.FilePath, null, Qualified(key), reason);

    /// <summary><paramref name="key"/> prefixed with this table's path.</summary>
    public string Qualified(string key) => KeyPath.Length == 0 ? key : $"{KeyPath}.{key}";

    private object? Get(string key) => Table.TryGetValue(key, out var value) ? value : null;

    private TomlFileException WrongType(string key, string expected, object? actual) =>
        new(
            _document.FilePath,
            KeyPath.Length == 0 ? _document.LineOfTopLevelKey(key) : null,
            Qualified(key),
            $"must be {expected}, not {DescribeType(actual)}");

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
