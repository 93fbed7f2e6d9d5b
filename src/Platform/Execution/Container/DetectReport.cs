using System.Text.RegularExpressions;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// What each buildpack said during a failed detection, read from a detector's debug output: each buildpack's detect
/// output comes before the <c>pass:</c>/<c>fail:</c>/<c>skip:</c>/<c>err:</c> lines of its group, and an <c>err:</c>
/// line is followed by the error. Buildpacks of a group detect at once, so the lines before a group's verdicts are
/// that group's; when several of its buildpacks printed, they are named together.
/// </summary>
internal static partial class DetectReport
{
    private const int LinesKept = 5;

    /// <summary>
    /// "[id@version] said: line | line." per buildpack (or group of buildpacks) that printed, in order; empty when
    /// none did.
    /// </summary>
    public static string Summarize(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var entries = new List<(string Who, List<string> Said)>();
        var pending = new List<string>();
        var verdicts = new List<string>();
        string? erroredElement = null;

        void CloseGroup()
        {
            if (verdicts.Count > 0 && pending.Count > 0)
            {
                entries.Add((string.Join(", ", verdicts.Distinct(StringComparer.Ordinal)), [.. pending.TakeLast(LinesKept)]));
            }

            if (verdicts.Count > 0)
            {
                pending.Clear();
                verdicts.Clear();
            }
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (erroredElement is not null)
            {
                // The line after "err: x" is x's error; what the group printed before comes first.
                CloseGroup();
                entries.Add((erroredElement, [line]));
                erroredElement = null;
                continue;
            }

            var verdict = Verdict().Match(line);
            if (verdict.Success)
            {
                verdicts.Add(verdict.Groups["element"].Value);
                if (verdict.Groups["kind"].Value == "err")
                {
                    erroredElement = verdict.Groups["element"].Value;
                }

                continue;
            }

            if (line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("skip: ", StringComparison.Ordinal))
            {
                // The lifecycle's own verdicts on a group or plan ("fail: no viable buildpacks in group"), not output.
                continue;
            }

            CloseGroup();
            pending.Add(line);
        }

        CloseGroup();
        return string.Join(" ", entries.Select(e => $"[{e.Who}] said: {string.Join(" | ", e.Said)}."));
    }

    [GeneratedRegex(@"^(?<kind>pass|fail|skip|err):\s+(?<element>\S+@\S+)(\s+\(-?\d+\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Verdict();
}
