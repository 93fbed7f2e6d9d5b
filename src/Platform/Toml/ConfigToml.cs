using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Buildpacks.Platform.Toml;

/// <summary>
/// A platform configuration file parsed into a TOML model. Like pack, unknown keys are rejected: a typo in a builder or
/// package definition silently ignored makes a wrong image, which is much harder to trace than an error.
/// </summary>
internal sealed class ConfigToml
{
    private ConfigToml(string filePath, TomlTable root)
    {
        FilePath = filePath;
        Root = new ConfigSection(root, this, "");
    }

    /// <summary>The file read.</summary>
    public string FilePath { get; }

    /// <summary>The directory of the file: relative paths in it are resolved against this.</summary>
    public string Directory => Path.GetDirectoryName(FilePath)!;

    /// <summary>The top-level table.</summary>
    public ConfigSection Root { get; }

    /// <summary>Reads and parses <paramref name="filePath"/>.</summary>
    public static ConfigToml Load(string filePath, string what)
    {
        var full = Path.GetFullPath(filePath);
        if (!File.Exists(full))
        {
            throw new ConfigFileException(full, null, $"does not exist; give the path of the {what}.");
        }

        var text = File.ReadAllText(full);
        var syntax = SyntaxParser.Parse(text, full);
        var error = syntax.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error);
        if (error is not null)
        {
            throw new ConfigFileException(full, null, $"is not valid TOML: {error.Message}", error.Span.Start.Line + 1);
        }

        try
        {
            return new ConfigToml(full, TomlSerializer.Deserialize(text, PlatformTomlContext.Default.TomlTable) ?? new TomlTable());
        }
        catch (TomlException e)
        {
            throw new ConfigFileException(full, null, $"is not valid TOML: {e.Message}", e.Line > 0 ? e.Line : null, e);
        }
    }

    /// <summary>Resolves a path written in the file: absolute as is, relative to the file's directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(Directory, path));
}

/// <summary>A table of a <see cref="ConfigToml"/> with typed accessors that name the file and key when a value is wrong.</summary>
internal readonly struct ConfigSection
{
    private readonly ConfigToml _file;

    public ConfigSection(TomlTable table, ConfigToml file, string keyPath)
    {
        Table = table;
        _file = file;
        KeyPath = keyPath;
    }

    public TomlTable Table { get; }

    /// <summary>The dotted path of this table, e.g. <c>run.images[0]</c>; empty for the root.</summary>
    public string KeyPath { get; }

    public ConfigToml File => _file;

    /// <summary>Rejects keys other than <paramref name="known"/>.</summary>
    public void RequireKnownKeys(params string[] known)
    {
        foreach (var key in Table.Keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Invalid(key, $"is not a known key{(KeyPath.Length == 0 ? "" : $" of [{KeyPath}]")}; the keys allowed here are: {string.Join(", ", known)}. Check its spelling.");
            }
        }
    }

    public bool Contains(string key) => Table.ContainsKey(key);

    public string? GetString(string key) => Get(key) switch
    {
        null => null,
        string s => s,
        var other => throw WrongType(key, "a string", other),
    };

    public string GetRequiredString(string key, string hint) =>
        GetString(key) is { Length: > 0 } value ? value : throw Invalid(key, $"is required: {hint}");

    public bool GetBool(string key) => Get(key) switch
    {
        null => false,
        bool b => b,
        var other => throw WrongType(key, "a boolean (true or false)", other),
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

    public ConfigSection? GetTable(string key) => Get(key) switch
    {
        null => null,
        TomlTable t => new ConfigSection(t, _file, Qualified(key)),
        var other => throw WrongType(key, "a table", other),
    };

    public IReadOnlyList<ConfigSection> GetTableArray(string key)
    {
        var file = _file;
        var qualified = Qualified(key);
        return Get(key) switch
        {
            null => [],
            TomlTableArray tables => tables.Select((t, i) => new ConfigSection(t, file, $"{qualified}[{i}]")).ToList(),
            TomlArray { Count: 0 } => [],
            TomlArray inline when inline.All(item => item is TomlTable) =>
                inline.Select((t, i) => new ConfigSection((TomlTable)t!, file, $"{qualified}[{i}]")).ToList(),
            var other => throw WrongType(key, "an array of tables ([[" + qualified + "]])", other),
        };
    }

    /// <summary>A rejection of the value at <paramref name="key"/> in this table.</summary>
    public ConfigFileException Invalid(string key, string reason) => new(_file.FilePath, Qualified(key), reason);

    public string Qualified(string key) => KeyPath.Length == 0 ? key : $"{KeyPath}.{key}";

    private object? Get(string key) => Table.TryGetValue(key, out var value) ? value : null;

    private ConfigFileException WrongType(string key, string expected, object? actual) =>
        Invalid(key, $"must be {expected}, not {Describe(actual)}.");

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string => "a string",
        bool => "a boolean",
        long or double => "a number",
        TomlTable => "a table",
        TomlTableArray => "an array of tables",
        TomlArray => "an array",
        _ => value.GetType().Name,
    };
}
