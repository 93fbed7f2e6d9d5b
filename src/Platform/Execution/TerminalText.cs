using System.Text.RegularExpressions;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// A phase's output line as text: what a terminal would show of it, without the escape sequences that colour or move
/// it. The reference lifecycle colours its <c>ERROR:</c>, <c>Warning:</c> and <c>===&gt;</c> prefixes unless told
/// <c>-no-color</c>, and real buildpacks colour their own output whatever the lifecycle is told (Paketo's packit and
/// Heroku's buildpacks print ANSI colours and bold); build logs, binlogs and error messages want the words, and the
/// failure reports find a line by its prefix.
/// </summary>
internal static partial class TerminalText
{
    /// <summary>The text of <paramref name="line"/> (a line without its terminator).</summary>
    public static string Plain(string line)
    {
        if (line.AsSpan().IndexOfAny('\u001b', '\r') < 0)
        {
            return line;
        }

        // After a carriage return a terminal writes over the line (a progress bar's steps): what stays is the last one.
        var text = line.TrimEnd('\r');
        var overwritten = text.LastIndexOf('\r');
        if (overwritten >= 0)
        {
            text = text[(overwritten + 1)..];
        }

        return text.Contains('\u001b', StringComparison.Ordinal) ? EscapeSequence().Replace(text, string.Empty) : text;
    }

    // ECMA-48: a control sequence (ESC [ parameters intermediates final: colours, cursor moves, erasing), an operating
    // system command (ESC ] ... BEL or ESC \: window titles, hyperlinks) or a two-character escape (ESC and one of @-_).
    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)?|[@-Z\\-_])", RegexOptions.CultureInvariant)]
    private static partial Regex EscapeSequence();
}
