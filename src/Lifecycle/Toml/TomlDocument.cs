using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Buildpacks.Lifecycle.Toml;

/// <summary>
/// A parsed TOML file, the one reader of the lifecycle's data files and the platform's configuration files alike: the
/// model to read values from (through <see cref="Root"/>), the syntax tree to point at a line when a value is rejected,
/// and the caller's <see cref="UnknownKeys"/> policy. Syntax errors become a <see cref="TomlFileException"/> carrying
/// the file and the line.
/// </summary>
public sealed class TomlDocument
{
    private readonly DocumentSyntax _syntax;

    private TomlDocument(string filePath, DocumentSyntax syntax, TomlTable root, UnknownKeys unknownKeys)
    {
        FilePath = filePath;
        _syntax = syntax;
        UnknownKeys = unknownKeys;
        Root = new TomlSection(root, this, keyPath: "");
    }

    /// <summary>The file the document was read from.</summary>
    public string FilePath { get; }

    /// <summary>The directory of the file: relative paths written in it are taken against this.</summary>
    public string Directory => Path.GetDirectoryName(Path.GetFullPath(FilePath))!;

    /// <summary>What <see cref="TomlSection.ExpectKeys"/> does with a key it was not given.</summary>
    public UnknownKeys UnknownKeys { get; }

    /// <summary>The top-level table.</summary>
    public TomlSection Root { get; }

    /// <summary>Reads and parses <paramref name="filePath"/>. A missing file throws <see cref="FileNotFoundException"/>.</summary>
    /// <param name="filePath">The file to read.</param>
    /// <param name="unknownKeys">What to do with keys the reader does not declare; the spec's lifecycle files ignore them.</param>
    /// <exception cref="TomlFileException">The file is not valid TOML.</exception>
    public static TomlDocument Load(string filePath, UnknownKeys unknownKeys = UnknownKeys.Ignore) =>
        Parse(File.ReadAllText(filePath), filePath, unknownKeys);

    /// <summary>Parses <paramref name="text"/> as the contents of <paramref name="filePath"/>.</summary>
    /// <param name="text">The TOML text.</param>
    /// <param name="filePath">The file the text stands for, named in errors.</param>
    /// <param name="unknownKeys">What to do with keys the reader does not declare.</param>
    /// <exception cref="TomlFileException">The text is not valid TOML.</exception>
    public static TomlDocument Parse(string text, string filePath, UnknownKeys unknownKeys = UnknownKeys.Ignore)
    {
        var syntax = SyntaxParser.Parse(text, filePath);
        foreach (var diagnostic in syntax.Diagnostics)
        {
            if (diagnostic.Kind == DiagnosticMessageKind.Error)
            {
                throw new TomlFileException(filePath, diagnostic.Span.Start.Line + 1, null, $"is not valid TOML: {diagnostic.Message}");
            }
        }

        TomlTable model;
        try
        {
            model = TomlSerializer.Deserialize(text, TomlModelContext.Default.TomlTable) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            throw new TomlFileException(filePath, e.Line > 0 ? e.Line : null, null, $"is not valid TOML: {e.Message}", e);
        }

        return new TomlDocument(filePath, syntax, model, unknownKeys);
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

    /// <summary>A rejection of this file as a whole with a reason, at <paramref name="line"/> when known.</summary>
    public TomlFileException Invalid(string reason, int? line = null) => new(FilePath, line, null, reason);
}
