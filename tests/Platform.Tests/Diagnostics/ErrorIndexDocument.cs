using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Buildpacks.Platform.Tests.Diagnostics;

/// <summary>
/// docs/errors.md as the message sources make it: one section per range file (its header comment), one entry per
/// code in code order, each with its message (placeholders named after the constant's summary, "{0}: the value") and
/// the constant's remarks, if any, as further advice. The sources are read as text, since the placeholder names live
/// in their comments.
/// </summary>
internal static partial class ErrorIndexDocument
{
    /// <summary>The command that rewrites docs/errors.md from the sources.</summary>
    public const string UpdateCommand = "BUILDPACKS_UPDATE_ERROR_INDEX=1 dotnet test tests/Platform.Tests --filter FullyQualifiedName~ErrorIndexTests";

    /// <summary>One code's entry.</summary>
    public sealed record Entry(string Code, string Name, string Text, string? Remarks);

    /// <summary>The entries of every Messages*.cs file in <paramref name="diagnosticsDirectory"/>, by range.</summary>
    public static IReadOnlyList<(string Range, IReadOnlyList<Entry> Entries)> Read(string diagnosticsDirectory)
    {
        var sections = new List<(string Range, IReadOnlyList<Entry> Entries)>();
        foreach (var file in Directory.GetFiles(diagnosticsDirectory, "Messages*.cs"))
        {
            var source = File.ReadAllText(file);
            var entries = Constant().Matches(source).Select(m => new Entry(
                m.Groups["code"].Value,
                m.Groups["name"].Value,
                Named(m.Groups["text"].Value, Comment(m.Groups["summary"].Value)),
                m.Groups["remarks"].Success ? Comment(m.Groups["remarks"].Value) : null)).ToList();
            if (entries.Count == 0)
            {
                continue;
            }

            var header = Path.GetFileName(file) == "Messages.cs" ? $"BP{entries[0].Code[2]}xxx: the unexpected." : Comment(Header().Match(source).Groups["text"].Value);
            sections.Add((header, entries.OrderBy(e => e.Code, StringComparer.Ordinal).ToList()));
        }

        return sections.OrderBy(s => s.Entries[0].Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>The whole document.</summary>
    public static string Render(string diagnosticsDirectory)
    {
        var text = new StringBuilder();
        text.Append("""
            # Error and warning codes

            Every error and warning Buildpacks.MSBuild reports has a code `BPnnnn`; MSBuild prints it (`error BP1001: …`)
            and links it here (each error's help link is its entry below). The message names the cause and, where the
            user can act, the fix; the words in ‹angle quotes› are filled in from the case at hand. `NoWarn` and
            `WarningsAsErrors` take the codes of warnings.

            Generated from `src/Platform/Diagnostics/Messages*.cs` (one file per range); do not edit by hand. After changing a
            message, run `
            """).Append(UpdateCommand).Append("""
            `; the test without the variable fails while this file and the sources disagree.

            """);
        foreach (var (range, entries) in Read(diagnosticsDirectory))
        {
            text.Append("\n## ").Append(Escape(range)).Append("\n\n");
            foreach (var entry in entries)
            {
                text.Append("### ").Append(entry.Code).Append("\n\n");
                text.Append(EscapeWithNames(entry.Text)).Append("\n\n");
                if (entry.Remarks is { } remarks)
                {
                    text.Append(Escape(remarks)).Append("\n\n");
                }
            }
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    // The message with each {n} replaced by the summary's name for it, e.g. {0} → ‹the value›.
    private static string Named(string literal, string summary)
    {
        var text = Regex.Unescape(literal);
        text = text[(text.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        var names = Placeholder().Matches(summary).ToDictionary(m => m.Groups["index"].Value, m => m.Groups["what"].Value.Trim().TrimEnd('.'));
        return Regex.Replace(text, @"\{(?<index>\d+)\}", m => names.TryGetValue(m.Groups["index"].Value, out var what) ? $"‹{what}›" : m.Value);
    }

    // A doc comment's text: the "///" prefixes, line breaks and tags gone (<see cref="X"/> and <c>x</c> become X and x).
    private static string Comment(string comment)
    {
        var text = Regex.Replace(comment, @"^\s*///\s?", " ", RegexOptions.Multiline);
        text = Regex.Replace(text, @"<see cref=""(?:[\w.]+\.)?(?<name>\w+)""\s*/>", "${name}");
        text = Regex.Replace(text, @"<(?<tag>\w+)>(?<inner>.*?)</\k<tag>>", "${inner}");
        text = WebUtility.HtmlDecode(text);
        return Regex.Replace(text, @"\s+", " ").Trim();
    }

    // Markdown's special characters in running text, so that the message reads as it is printed.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '*' or '_' or '[' or ']' or '`' or '\\' or '#' or '|' => "\\" + c.ToString(CultureInfo.InvariantCulture),
                _ => c.ToString(CultureInfo.InvariantCulture),
            });
        }

        return escaped.ToString();
    }

    // As Escape, with the ‹names› in italics.
    private static string EscapeWithNames(string text) =>
        Regex.Replace(Escape(text), "‹(?<what>[^›]*)›", "*‹${what}›*");

    [GeneratedRegex(@"///\s*<summary>(?<summary>(?:(?!</summary>).)*)</summary>\s*\n(?:\s*///\s*<remarks>(?<remarks>(?:(?!</remarks>).)*)</remarks>\s*\n)?\s*public const string (?<name>\w+) = ""(?<text>(?<code>BP\d{4}):(?:[^""\\]|\\.)*)"";", RegexOptions.Singleline)]
    private static partial Regex Constant();

    [GeneratedRegex(@"<(?:content|summary)>(?<text>.*?)</(?:content|summary)>", RegexOptions.Singleline)]
    private static partial Regex Header();

    [GeneratedRegex(@"\{(?<index>\d+)\}:\s*(?<what>.+?)(?=,\s*\{\d+\}:|$)")]
    private static partial Regex Placeholder();
}
