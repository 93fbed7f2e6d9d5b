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
                    var end = ClassEnd(pattern, i);
                    if (end < 0)
                    {
                        throw new FormatException($"syntax error in pattern '{pattern}': malformed character class");
                    }

                    i = end;
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

    /// <summary>
    /// The index of the <c>]</c> closing the class that opens at <paramref name="open"/>, or -1 when the class is
    /// malformed. As Go's <c>filepath.Match</c>: an optional <c>^</c>, then one or more ranges, each a member or
    /// <c>lo-hi</c>, where a member is any character but <c>-</c> and <c>]</c> unless escaped with <c>\</c>; so
    /// <c>[]a]</c>, <c>[-a]</c> and <c>[a-]</c> are errors, not classes holding <c>]</c> or <c>-</c>.
    /// </summary>
    private static int ClassEnd(string pattern, int open)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        for (var ranges = 0; ; ranges++)
        {
            if (i < pattern.Length && pattern[i] == ']' && ranges > 0)
            {
                return i;
            }

            if (Member(pattern, ref i) is null)
            {
                return -1;
            }

            if (i < pattern.Length && pattern[i] == '-')
            {
                i++;
                if (Member(pattern, ref i) is null)
                {
                    return -1;
                }
            }
        }
    }

    /// <summary>Reads the class member at <paramref name="i"/> (escapes resolved) and moves past it; null when there is none.</summary>
    private static char? Member(string pattern, ref int i)
    {
        if (i >= pattern.Length || pattern[i] is '-' or ']')
        {
            return null;
        }

        if (pattern[i] == '\\' && ++i >= pattern.Length)
        {
            return null;
        }

        var member = pattern[i++];

        // Go refuses a member that ends the pattern: the class can no longer be closed.
        return i < pattern.Length ? member : null;
    }

    private static bool ClassMatches(string pattern, int start, int end, char c)
    {
        var i = start;
        var negated = pattern[i] == '^';
        if (negated)
        {
            i++;
        }

        var matched = false;
        while (i < end)
        {
            var low = Member(pattern, ref i)!.Value;
            var high = low;
            if (pattern[i] == '-')
            {
                i++;
                high = Member(pattern, ref i)!.Value;
            }

            matched |= low <= c && c <= high;
        }

        return matched != negated;
    }
}
