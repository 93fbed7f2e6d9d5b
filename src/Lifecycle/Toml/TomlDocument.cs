using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Buildpacks.Lifecycle.Toml;

/// <summary>
/// A parsed TOML data file: the model to read values from, plus the syntax tree to point at a line when a value is
/// rejected. Syntax errors become a <see cref="TomlFileException"/> carrying the file and the line.
/// </summary>
internal sealed class TomlDocument
{
    private readonly DocumentSyntax _syntax;

    private TomlDocument(string filePath, DocumentSyntax syntax, TomlTable root)
    {
        FilePath = filePath;
        _syntax = syntax;
        Root = new TomlSection(root, this, keyPath: "");
    }

    /// <summary>The file the document was read from.</summary>
    public string FilePath { get; }

    /// <summary>The top-level table.</summary>
    public TomlSection Root { get; }

    /// <summary>Reads and parses <paramref name="filePath"/>. A missing file throws <see cref="FileNotFoundException"/>.</summary>
    public static TomlDocument Load(string filePath) => Parse(File.ReadAllText(filePath), filePath);

    /// <summary>Parses <paramref name="text"/> as the contents of <paramref name="filePath"/>.</summary>
    public static TomlDocument Parse(string text, string filePath)
    {
        var syntax = SyntaxParser.Parse(text, filePath);
        foreach (var diagnostic in syntax.Diagnostics)
        {
            if (diagnostic.Kind == DiagnosticMessageKind.Error)
            {
                throw new TomlFileException(filePath, diagnostic.Span.Start.Line + 1, $"invalid TOML: {diagnostic.Message}");
            }
        }

        TomlTable model;
        try
        {
            model = TomlSerializer.Deserialize(text, TomlModelContext.Default.TomlTable) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new TomlFileException(filePath, e.Line > 0 ? e.Line : null, $"invalid TOML: {e.Message}", e);
        }

        return new TomlDocument(filePath, syntax, model);
    }

    /// <summary>The 1-based line where the top-level key <paramref name="key"/> is assigned, if it is.</summary>
    public int? LineOfTopLevelKey(string key)
    {
        foreach (var keyValue in _syntax.KeyValues)
        {
            if (keyValue.Key?.ToString()?.Trim() == key)
            {
                return keyValue.Span.Start.Line + 1;
            }
        }

        return null;
    }

    /// <summary>A rejection of this file with a reason, at <paramref name="line"/> when known.</summary>
    public TomlFileException Invalid(string reason, int? line = null) => new(FilePath, line, reason);
}
