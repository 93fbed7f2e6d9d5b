namespace Buildpacks.Platform.Execution;

/// <summary>
/// The output of one lifecycle phase as it is printed, wherever the phase runs (a container, the sandbox): each line to
/// the build's log (the phase's output, or debug detail for a quiet run) and the last ones kept for the error a failed
/// phase becomes. Thread-safe: stdout and stderr arrive on their own threads.
/// </summary>
internal sealed class PhaseLines(IBuildLog log, string phase, bool quiet)
{
    // Enough for a failed buildpack's last lines (Container.BuildReport) with the lifecycle's debug lines and error after them.
    private const int Remembered = 200;

    // A quiet run is read whole (a detect replay's debug output), so it keeps far more.
    private const int RememberedQuiet = 2000;

    private readonly Queue<string> _last = new();

    /// <summary>The last lines printed, oldest first.</summary>
    public IReadOnlyList<string> Last
    {
        get
        {
            lock (_last)
            {
                return [.. _last];
            }
        }
    }

    /// <summary>Takes one line (without its terminator), as text (<see cref="TerminalText"/>).</summary>
    public void Add(string line)
    {
        line = TerminalText.Plain(line);
        if (quiet)
        {
            log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"[{phase}] {line}");
        }
        else
        {
            log.PhaseOutput(phase, line);
        }

        lock (_last)
        {
            _last.Enqueue(line);
            if (_last.Count > (quiet ? RememberedQuiet : Remembered))
            {
                _last.Dequeue();
            }
        }
    }
}
