using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Finds the line of a key that a <see cref="ConfigFileException"/> names (e.g. <c>buildpacks[1].uri</c>,
/// <c>order[0].group[2].id</c>) in the TOML file it came from, so an error can say <c>builder.toml:12</c>. The readers
/// work on the parsed model, which has no positions; this walks the syntax tree once, numbering the tables of each
/// array of tables the way the readers do.
/// </summary>
public static class ConfigKeyLines
{
    /// <summary>
    /// The exception with its line filled in when it names a key but no line and the key (or, failing that, the
    /// table holding it) is found in the file; otherwise the exception as it is.
    /// </summary>
    public static ConfigFileException WithLine(ConfigFileException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.Line is not null || exception.Key is null || !File.Exists(exception.FilePath))
        {
            return exception;
        }

        var line = Find(File.ReadAllText(exception.FilePath), exception.Key);
        return line is null ? exception : new ConfigFileException(exception.FilePath, exception.Key, exception.Reason, line, exception);
    }

    /// <summary>
    /// The 1-based line of <paramref name="key"/> in <paramref name="toml"/>: the key's own line, else the header of the
    /// nearest table on its path; null when neither is there (or the text does not parse).
    /// </summary>
    public static int? Find(string toml, string key)
    {
        ArgumentNullException.ThrowIfNull(toml);
        ArgumentNullException.ThrowIfNull(key);
        var document = SyntaxParser.Parse(toml);
        if (document.HasErrors)
        {
            return null;
        }

        var lines = Index(document);
        for (var candidate = key; candidate.Length > 0; candidate = Parent(candidate))
        {
            if (lines.TryGetValue(candidate, out var line))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Every key and table header of the document by its indexed dotted path, with its 1-based line.</summary>
    private static Dictionary<string, int> Index(DocumentSyntax document)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        AddKeys(lines, "", document.KeyValues);

        // How many tables each array of tables (by its indexed path) has had so far: [[order.group]] under the second
        // [[order]] is order[1].group[n].
        var arrayCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in document.Tables)
        {
            if (table.Name is not { } name)
            {
                continue;
            }

            var parts = Parts(name);
            var path = "";
            for (var i = 0; i < parts.Count; i++)
            {
                path = path.Length == 0 ? parts[i] : $"{path}.{parts[i]}";
                var last = i == parts.Count - 1;
                if (last && table is TableArraySyntax)
                {
                    var index = arrayCounts.GetValueOrDefault(path);
                    arrayCounts[path] = index + 1;
                    path = $"{path}[{index}]";
                }
                else if (!last && arrayCounts.TryGetValue(path, out var count))
                {
                    // A parent that is an array of tables means its latest table.
                    path = $"{path}[{count - 1}]";
                }
            }

            lines.TryAdd(path, LineOf(table));
            AddKeys(lines, path, table.Items);
        }

        return lines;
    }

    private static void AddKeys(Dictionary<string, int> lines, string prefix, SyntaxList<KeyValueSyntax> keyValues)
    {
        foreach (var keyValue in keyValues)
        {
            if (keyValue.Key is { } key)
            {
                var path = string.Join('.', Parts(key));
                lines.TryAdd(prefix.Length == 0 ? path : $"{prefix}.{path}", LineOf(keyValue));
            }
        }
    }

    private static List<string> Parts(KeySyntax key)
    {
        var parts = new List<string> { Text(key.Key) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(Text(dotted.Key));
        }

        return parts;
    }

    private static string Text(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static int LineOf(SyntaxNode node) => node.Span.Start.Line + 1;

    /// <summary><c>a.b[1].c</c> → <c>a.b[1]</c> → <c>a.b</c> → <c>a</c> → empty.</summary>
    private static string Parent(string key)
    {
        if (key.EndsWith(']'))
        {
            return key[..key.LastIndexOf('[')];
        }

        var dot = key.LastIndexOf('.');
        return dot < 0 ? "" : key[..dot];
    }
}
