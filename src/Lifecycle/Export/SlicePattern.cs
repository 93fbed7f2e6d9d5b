namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// A slice path of launch.toml <c>[[slices]] paths</c>: a glob relative to the app directory with Go
/// <c>filepath.Match</c> semantics, as the reference lifecycle matches it (layers/slices.go <c>glob</c>): <c>*</c> and
/// <c>?</c> never cross a <c>/</c>, <c>[a-z]</c> and <c>[^a-z]</c> classes, <c>\</c> escapes. The pattern is matched
/// against the relative path of every file and directory of the app dir.
/// </summary>
public sealed class SlicePattern
{
    private readonly string _pattern;

    /// <summary>Parses <paramref name="pattern"/>, cleaned like Go's <c>filepath.Clean</c>.</summary>
    /// <exception cref="FormatException">The pattern is malformed (an unclosed class, a trailing escape).</exception>
    public SlicePattern(string pattern)
    {
        _pattern = Clean(pattern);
        Validate(_pattern);
    }

    /// <summary>Whether <paramref name="relativePath"/> ('/'-separated, relative to the app dir) matches.</summary>
    public bool Matches(string relativePath) => Match(_pattern, 0, relativePath, 0);

    /// <inheritdoc />
    public override string ToString() => _pattern;

    private static string Clean(string pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[^1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return segments.Count == 0 ? "." : string.Join('/', segments);
    }

    private static void Validate(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (++i >= pattern.Length)
                    {
                        throw new FormatException($"syntax error in pattern '{pattern}': trailing '\\'");
                    }

                    break;
                case '[':
                    if (ClassEnd(pattern, i) < 0)
                    {
                        throw new FormatException($"syntax error in pattern '{pattern}': unclosed '['");
                    }

                    break;
            }
        }
    }

    private static bool Match(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            switch (pattern[p])
            {
                case '*':
                    // A star matches any run of non-separators; try every length, shortest first.
                    p++;
                    for (var stop = n; ; stop++)
                    {
                        if (Match(pattern, p, name, stop))
                        {
                            return true;
                        }

                        if (stop >= name.Length || name[stop] == '/')
                        {
                            return false;
                        }
                    }

                case '?':
                    if (n >= name.Length || name[n] == '/')
                    {
                        return false;
                    }

                    p++;
                    n++;
                    break;
                case '[':
                    var end = ClassEnd(pattern, p);
                    if (n >= name.Length || name[n] == '/' || !ClassMatches(pattern, p + 1, end, name[n]))
                    {
                        return false;
                    }

                    p = end + 1;
                    n++;
                    break;
                case '\\':
                    p++;
                    goto default;
                default:
                    if (n >= name.Length || name[n] != pattern[p])
                    {
                        return false;
                    }

                    p++;
                    n++;
                    break;
            }
        }

        return n == name.Length;
    }

    /// <summary>The index of the <c>]</c> closing the class that opens at <paramref name="open"/>, or -1.</summary>
    private static int ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        // A ']' right after '[' or '[^' is a member, not the end.
        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool ClassMatches(string pattern, int start, int end, char c)
    {
        var negated = start < end && pattern[start] == '^';
        if (negated)
        {
            start++;
        }

        var matched = false;
        for (var i = start; i < end; i++)
        {
            var low = pattern[i] == '\\' ? pattern[++i] : pattern[i];
            var high = low;
            if (i + 2 < end && pattern[i + 1] == '-')
            {
                i += 2;
                high = pattern[i] == '\\' ? pattern[++i] : pattern[i];
            }

            if (low <= c && c <= high)
            {
                matched = true;
            }
        }

        return matched != negated;
    }
}
