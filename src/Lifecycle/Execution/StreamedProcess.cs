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
        process.Start();
        process.StandardInput.Close();
        using var registration = cancellationToken.Register(() => Kill(process));
        var stdout = PumpAsync(process.StandardOutput, line => onLine(OutputStream.StandardOutput, line));
        var stderr = PumpAsync(process.StandardError, line => onLine(OutputStream.StandardError, line));
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
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
