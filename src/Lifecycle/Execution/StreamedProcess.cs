using System.ComponentModel;
using System.Diagnostics;

namespace Buildpacks.Lifecycle.Execution;

/// <summary>Which stream a line came from.</summary>
public enum OutputStream
{
    /// <summary>Standard output.</summary>
    StandardOutput,

    /// <summary>Standard error.</summary>
    StandardError,
}

/// <summary>
/// Runs a child process with no standard input, hands each line it prints to a callback as it is printed, and kills
/// its whole process tree when cancelled (a buildpack's children, a sandbox and everything in it).
/// </summary>
public static class StreamedProcess
{
    /// <summary>Runs <paramref name="start"/> (its output streams are redirected here) and returns its exit code.</summary>
    /// <exception cref="Win32Exception">The program cannot be started.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process tree was killed and has exited.</exception>
    public static async Task<int> RunAsync(ProcessStartInfo start, Action<OutputStream, string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(onLine);
        cancellationToken.ThrowIfCancellationRequested();
        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        using var process = new Process { StartInfo = start };
        var exited = await StartOnOwnThreadAsync(process).ConfigureAwait(false);
        process.StandardInput.Close();
        using var registration = cancellationToken.Register(() => Kill(process));
        var stdout = PumpAsync(process.StandardOutput, line => onLine(OutputStream.StandardOutput, line));
        var stderr = PumpAsync(process.StandardError, line => onLine(OutputStream.StandardError, line));
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        await exited.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
    }

    // Linux ties a child's parent-death signal (bwrap --die-with-parent, prctl PR_SET_PDEATHSIG) to the thread that
    // forked it, and .NET forks on the calling thread: a pool thread that retires would kill the child. So the child is
    // started on a thread of its own that lives until the child exits (and dies with this process, taking it along).
    // Returns when the child has started; the task it gives completes when the child has exited.
    private static Task<Task> StartOnOwnThreadAsync(Process process)
    {
        var started = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                StartRetryingWhileBusy(process);
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }

            started.SetResult(exited.Task);
            process.WaitForExit();
            exited.SetResult();
        })
        {
            IsBackground = true,
            Name = "child process " + Path.GetFileName(process.StartInfo.FileName),
        };
        thread.Start();
        return started.Task;
    }

    // ETXTBSY: a program just written by this process may still be open for writing in a child another thread forked
    // meanwhile (until that child execs, which closes it). The file is complete; a moment later it can run.
    private static void StartRetryingWhileBusy(Process process)
    {
        const int TextFileBusy = 26;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                process.Start();
                return;
            }
            catch (Win32Exception e) when (e.NativeErrorCode == TextFileBusy && attempt < 10)
            {
                Thread.Sleep(20 * attempt);
            }
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
