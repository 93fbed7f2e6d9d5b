using System.Text.RegularExpressions;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// What each buildpack said during a failed detection, read from a detector's debug output in either lifecycle's
/// shape. The reference lifecycle prints each buildpack's output in a block of its own (<c>======== Output: id@version
/// ========</c>, <c>======== Error: id@version ========</c>) before the group's <c>======== Results ========</c>
/// and verdicts (phase/detector.go); ours prints a group's output before the <c>pass:</c>/<c>fail:</c>/<c>skip:</c>/<c>err:</c>
/// lines of that group, and an <c>err:</c> line is followed by the error. Buildpacks of a group detect at once, so
/// without blocks the lines before a group's verdicts are that group's; when several of its buildpacks printed, they
/// are named together.
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
        var blocks = new List<(string Who, List<string> Said)>();
        List<string>? block = null;
        var inBlocks = false;
        string? erroredElement = null;

        void CloseGroup()
        {
            if (verdicts.Count == 0)
            {
                return;
            }

            if (pending.Count > 0)
            {
                entries.Add((string.Join(", ", verdicts.Distinct(StringComparer.Ordinal)), [.. pending.TakeLast(LinesKept)]));
            }

            entries.AddRange(blocks.Where(b => b.Said.Count > 0).Select(b => (b.Who, b.Said.TakeLast(LinesKept).ToList())));
            pending.Clear();
            verdicts.Clear();
            blocks.Clear();
            block = null;
            inBlocks = false;
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (Block().Match(line) is { Success: true } header)
            {
                CloseGroup();
                if (!inBlocks)
                {
                    // What came before a group's first block is the lifecycle's own ("Timer: ...", "Resolving plan...").
                    pending.Clear();
                    inBlocks = true;
                }

                block = null;
                if (header.Groups["element"].Success)
                {
                    var who = header.Groups["element"].Value;
                    var index = blocks.FindIndex(b => b.Who == who);
                    if (index < 0)
                    {
                        blocks.Add((who, []));
                        index = blocks.Count - 1;
                    }

                    block = blocks[index].Said;
                }

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
                if (verdict.Groups["kind"].Value == "err" && !inBlocks)
                {
                    erroredElement = verdict.Groups["element"].Value;
                }

                block = null;
                continue;
            }

            if (line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("skip: ", StringComparison.Ordinal))
            {
                // The lifecycle's own verdicts on a group or plan ("fail: no viable buildpacks in group"), not output.
                continue;
            }

            if (block is not null)
            {
                block.Add(line);
            }
            else if (!inBlocks)
            {
                CloseGroup();
                pending.Add(line);
            }
        }

        CloseGroup();
        return string.Join(" ", entries.Select(e => $"[{e.Who}] said: {string.Join(" | ", e.Said)}."));
    }

    /// <summary>
    /// Whether <paramref name="lines"/> already hold the buildpacks' detect output in the reference lifecycle's blocks:
    /// it prints every buffered debug line when detection fails (phase/detector.go), so no second run is needed to read them.
    /// </summary>
    public static bool HasBlocks(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Any(l => Block().IsMatch(l.Trim()));
    }

    [GeneratedRegex(@"^(?<kind>pass|fail|skip|err):\s+(?<element>\S+@\S+)(\s+\(-?\d+\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Verdict();

    [GeneratedRegex(@"^=+ (?:(?:Output|Error): (?<element>\S+@\S+)|Results) =+$", RegexOptions.CultureInvariant)]
    private static partial Regex Block();
}
