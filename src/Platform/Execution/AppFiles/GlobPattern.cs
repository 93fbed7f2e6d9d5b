using System.Text;
using System.Text.RegularExpressions;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.AppFiles;

/// <summary>
/// One line of a gitignore-style pattern list: <c>*</c> and <c>?</c> within a path segment, <c>[…]</c> classes,
/// <c>**</c> across segments, a leading <c>!</c> to negate, a trailing <c>/</c> for directories only, and a pattern
/// without an inner <c>/</c> matching at any depth. A pattern that matches a directory matches everything below it.
/// </summary>
internal sealed class GlobPattern
{
    private readonly Regex _regex;

    private GlobPattern(string text, Regex regex, bool negated, bool directoryOnly)
    {
        Text = text;
        _regex = regex;
        Negated = negated;
        DirectoryOnly = directoryOnly;
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>Whether a match removes the path from the set instead of adding it (<c>!pattern</c>).</summary>
    public bool Negated { get; }

    /// <summary>Whether the pattern matches directories only (<c>pattern/</c>).</summary>
    public bool DirectoryOnly { get; }

    /// <summary>Parses one line; null for a blank line or a comment.</summary>
    /// <exception cref="CodedException">BP1102 for a pattern that cannot be compiled.</exception>
    public static GlobPattern? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = TrimTrailingSpaces(line.TrimStart());
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        var body = text;
        var negated = false;
        if (body[0] == '!')
        {
            negated = true;
            body = body[1..];
        }
        else if (body.StartsWith("\\!", StringComparison.Ordinal) || body.StartsWith("\\#", StringComparison.Ordinal))
        {
            body = body[1..];
        }

        var directoryOnly = body.EndsWith('/');
        body = body.TrimEnd('/');
        if (body.Length == 0)
        {
            throw CodedException.Of(Messages.InvalidGlob, line, "it names no file");
        }

        // A slash anywhere but at the end anchors the pattern to the app directory's root.
        var anchored = body.Contains('/');
        body = body.TrimStart('/');
        var regex = new StringBuilder("^");
        if (!anchored && !body.StartsWith("**", StringComparison.Ordinal))
        {
            regex.Append("(?:.*/)?");
        }

        Translate(line, body, regex);
        regex.Append('$');
        return new GlobPattern(line, new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline), negated, directoryOnly);
    }

    /// <summary>
    /// Whether the pattern matches <paramref name="relativePath"/> ('/'-separated) itself, or one of its ancestor
    /// directories (everything inside a matched directory is matched).
    /// </summary>
    public bool Matches(string relativePath, bool isDirectory)
    {
        if ((isDirectory || !DirectoryOnly) && _regex.IsMatch(relativePath))
        {
            return true;
        }

        for (var slash = relativePath.IndexOf('/'); slash > 0; slash = relativePath.IndexOf('/', slash + 1))
        {
            if (_regex.IsMatch(relativePath[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static void Translate(string line, string body, StringBuilder regex)
    {
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            switch (c)
            {
                case '*' when i + 1 < body.Length && body[i + 1] == '*':
                    i = TranslateDoubleStar(body, i, regex);
                    continue;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    i = TranslateClass(line, body, i, regex);
                    continue;
                case '\\':
                    if (i + 1 >= body.Length)
                    {
                        throw CodedException.Of(Messages.InvalidGlob, line, "it ends with a lone backslash");
                    }

                    regex.Append(Regex.Escape(body[i + 1].ToString()));
                    i += 2;
                    continue;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }

            i++;
        }
    }

    // "**" is special only as a whole segment: "**/x" (any depth), "x/**" (everything inside), "x/**/y" (zero or more
    // directories between); elsewhere it is a plain "*", as in git.
    private static int TranslateDoubleStar(string body, int i, StringBuilder regex)
    {
        var end = i;
        while (end < body.Length && body[end] == '*')
        {
            end++;
        }

        var segmentStart = i == 0 || body[i - 1] == '/';
        var segmentEnd = end == body.Length || body[end] == '/';
        if (!segmentStart || !segmentEnd)
        {
            regex.Append("[^/]*");
            return end;
        }

        if (end == body.Length)
        {
            // "x/**": something inside x (the slash before it is already in the regex).
            regex.Append(".+");
            return end;
        }

        // "**/" here: zero or more whole directories.
        regex.Append("(?:.*/)?");
        return end + 1;
    }

    private static int TranslateClass(string line, string body, int i, StringBuilder regex)
    {
        var close = body.IndexOf(']', i + 2 <= body.Length ? i + 2 : body.Length);
        if (close < 0)
        {
            throw CodedException.Of(Messages.InvalidGlob, line, "a '[' has no closing ']'");
        }

        var content = body[(i + 1)..close];
        var negated = content.Length > 0 && (content[0] == '!' || content[0] == '^');
        if (negated)
        {
            content = content[1..];
        }

        var set = new StringBuilder(negated ? "[^/" : "[");
        foreach (var ch in content)
        {
            set.Append(ch is '\\' or '[' or ']' or '^' ? "\\" + ch : ch.ToString());
        }

        regex.Append(set).Append(']');
        return close + 1;
    }

    private static string TrimTrailingSpaces(string text)
    {
        var end = text.Length;
        while (end > 0 && text[end - 1] == ' ' && !(end > 1 && text[end - 2] == '\\'))
        {
            end--;
        }

        return text[..end];
    }
}
