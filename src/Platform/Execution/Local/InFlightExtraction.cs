namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// One extraction of a builder's file system that every caller in this process wanting the same directory shares:
/// the publish's early preparation starts it while the project compiles, and the image step waits for it instead of
/// extracting a second copy. It runs under a token of its own, cancelled when the last caller waiting for it stops
/// waiting (a Ctrl+C of the image step stops it) or when the process exits (a publish that failed before its image step
/// does not leave a partial copy behind); one that failed or was cancelled is forgotten, so the next caller starts again.
/// </summary>
internal sealed class InFlightExtraction
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, InFlightExtraction> Running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cancellation = new();
    private readonly string _path;
    private readonly Task<BuilderRoot> _task;
    private int _waiters;

    static InFlightExtraction()
    {
        // The extraction's clean-up removes its partial copy; at exit it gets a few seconds for that.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll(TimeSpan.FromSeconds(5));
    }

    private InFlightExtraction(string path, Func<CancellationToken, Task<BuilderRoot>> extract)
    {
        _path = path;
        Started = DateTimeOffset.Now;
        _task = Task.Run(() => RunAsync(extract), CancellationToken.None);
    }

    /// <summary>When the extraction started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>The extraction's outcome (for a caller that only starts it).</summary>
    public Task Completion => _task;

    /// <summary>
    /// The extraction into <paramref name="path"/>: the running one, or a new one of <paramref name="extract"/>;
    /// <c>Joined</c> says whether it was already running.
    /// </summary>
    public static (InFlightExtraction Extraction, bool Joined) Join(string path, Func<CancellationToken, Task<BuilderRoot>> extract)
    {
        lock (Gate)
        {
            if (Running.TryGetValue(path, out var running))
            {
                return (running, true);
            }

            var started = new InFlightExtraction(path, extract);
            Running.Add(path, started);
            return (started, false);
        }
    }

    /// <summary>Waits for the file system; when <paramref name="cancellationToken"/> fires and no one else waits, the extraction stops.</summary>
    public async Task<BuilderRoot> WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiters);
        try
        {
            return await _task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _waiters) == 0 && cancellationToken.IsCancellationRequested && !_task.IsCompleted)
            {
                // Stopping includes the clean-up (the partial copy removed): "nothing left behind" holds once this returns.
                await _cancellation.CancelAsync().ConfigureAwait(false);
                await ((Task)_task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<BuilderRoot> RunAsync(Func<CancellationToken, Task<BuilderRoot>> extract)
    {
        try
        {
            return await extract(_cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            // Done, failed or cancelled: a later caller finds the directory, or starts again.
            lock (Gate)
            {
                Running.Remove(_path);
            }
        }
    }

    private static void StopAll(TimeSpan timeout)
    {
        List<InFlightExtraction> running;
        lock (Gate)
        {
            running = [.. Running.Values];
        }

        foreach (var extraction in running)
        {
            extraction._cancellation.Cancel();
        }

        Task.WaitAll([.. running.Select(e => e._task.ContinueWith(static _ => { }, TaskScheduler.Default))], timeout);
    }

}
