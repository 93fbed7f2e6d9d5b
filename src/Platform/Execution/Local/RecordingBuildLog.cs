using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Passes everything to the build's log (debug messages only when verbose) and keeps the last lines each buildpack
/// printed, per executable, so a failed detect or build can say in its error what each buildpack said.
/// </summary>
internal sealed class RecordingBuildLog(IBuildLog inner, bool verbose) : IBuildLog
{
    // A failed build's error carries up to 20 of its buildpack's lines (Container.BuildReport); a detect summary 5 of each.
    private const int LinesKept = Container.BuildReport.LinesKept;
    private const int SummaryLines = 5;
    private readonly object _gate = new();
    private readonly List<(BuildpackExecutable Executable, string Buildpack, Queue<string> Lines)> _recorded = [];

    public void Write(LifecycleLogLevel level, string message)
    {
        if (level != LifecycleLogLevel.Debug || verbose)
        {
            inner.Write(level, message);
        }
    }

    public void BuildpackOutput(BuildpackOutputLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_gate)
        {
            var buildpack = $"{line.BuildpackId}@{line.BuildpackVersion}";
            var index = _recorded.FindIndex(r => r.Executable == line.Executable && r.Buildpack == buildpack);
            if (index < 0)
            {
                _recorded.Add((line.Executable, buildpack, new Queue<string>()));
                index = _recorded.Count - 1;
            }

            var lines = _recorded[index].Lines;
            lines.Enqueue(line.Text);
            if (lines.Count > LinesKept)
            {
                lines.Dequeue();
            }
        }

        inner.BuildpackOutput(line);
    }

    public void PhaseOutput(string phase, string line) => inner.PhaseOutput(phase, line);

    public void Progress(string message) => inner.Progress(message);

    public void Warning(CodedMessage message) => inner.Warning(message);

    /// <summary>
    /// What the buildpacks printed from <paramref name="executable"/>, one paragraph per buildpack in the order they
    /// first printed (the last lines of each).
    /// </summary>
    public string Summary(BuildpackExecutable executable)
    {
        lock (_gate)
        {
            var entries = _recorded.Where(r => r.Executable == executable).ToList();
            return entries.Count == 0
                ? string.Empty
                : string.Join(" ", entries.Select(r => $"[{r.Buildpack}] said: {string.Join(" | ", r.Lines.TakeLast(SummaryLines))}."));
        }
    }

    /// <summary>The last lines <paramref name="buildpack"/> (<c>id@version</c>) printed from <paramref name="executable"/>; empty if none.</summary>
    public IReadOnlyList<string> LastLines(BuildpackExecutable executable, string buildpack)
    {
        lock (_gate)
        {
            return _recorded.FirstOrDefault(r => r.Executable == executable && r.Buildpack == buildpack).Lines?.ToList() ?? [];
        }
    }
}
