using System.Diagnostics;
using System.Text;
using Buildpacks.TestInfrastructure;
using Xunit.Sdk;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>A publish that was sent SIGINT: how it ended, and how long after the signal.</summary>
/// <param name="ExitCode">dotnet's exit code.</param>
/// <param name="Log">Everything it printed.</param>
/// <param name="SignalToExit">From the signal to the process's exit.</param>
public sealed record Interruption(int ExitCode, string Log, TimeSpan SignalToExit);

/// <summary>
/// <c>dotnet publish</c> (as <see cref="DotnetPublish"/> runs it) interrupted as Ctrl+C interrupts it: SIGINT to the
/// dotnet process once <c>interruptWhen</c>, polled with the log so far, says so. dotnet starts with SIGINT at its
/// default disposition (<c>env --default-signal</c>) whatever the test runner's own is: a runner started in the
/// background or under nohup ignores it, and its children would inherit that.
/// </summary>
public static class InterruptedPublish
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Publishes <paramref name="project"/> with <paramref name="arguments"/> and interrupts it when <paramref name="interruptWhen"/>.</summary>
    public static async Task<Interruption> RunAsync(
        TestProject project, IReadOnlyList<string> arguments, Func<string, bool> interruptWhen, IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(interruptWhen);
        var command = DotnetPublish.Command(project, arguments, verbosity: "n");
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = project.Directory,
        };
        foreach (var argument in (string[])["--default-signal=INT", "dotnet", .. command])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in DotnetPublish.Environment(project, variables))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (!interruptWhen(Snapshot(log)))
            {
                if (process.HasExited)
                {
                    throw new XunitException($"The publish ended (exit code {process.ExitCode}) before the moment to interrupt it came:\n{Snapshot(log)}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new XunitException($"The moment to interrupt the publish did not come within {Timeout}:\n{Snapshot(log)}");
                }

                await Task.Delay(100).ConfigureAwait(false);
            }

            // env replaced itself with dotnet: the process is dotnet.
            (await ProcessRunner.RunAsync("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ConfigureAwait(false)).EnsureSuccess("kill -INT");
            var clock = Stopwatch.StartNew();
            using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            process.WaitForExit();
            return new Interruption(process.ExitCode, Snapshot(log), elapsed);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
