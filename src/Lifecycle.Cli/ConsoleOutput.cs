using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The lifecycle's console: info to standard output, warnings and errors to standard error, filtered by
/// <c>-log-level</c>; buildpack build output passes through on the stream it came from. Detect output is shown at
/// debug level, as the reference lifecycle does (errors of detection are reported by the detector itself).
/// </summary>
internal sealed class ConsoleOutput : ILifecycleLog
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly Lock _lock = new();

    public ConsoleOutput(TextWriter standardOutput, TextWriter standardError)
    {
        _out = standardOutput;
        _error = standardError;
    }

    public LifecycleLogLevel Level { get; set; } = LifecycleLogLevel.Info;

    public void Write(LifecycleLogLevel level, string message)
    {
        if (level < Level)
        {
            return;
        }

        var prefix = level switch
        {
            LifecycleLogLevel.Warn => "WARNING: ",
            LifecycleLogLevel.Error => "ERROR: ",
            _ => "",
        };
        WriteLine(level >= LifecycleLogLevel.Warn ? _error : _out, prefix + message);
    }

    public void BuildpackOutput(BuildpackOutputLine line)
    {
        if (line.Executable == BuildpackExecutable.Detect && Level > LifecycleLogLevel.Debug)
        {
            return;
        }

        WriteLine(line.Stream == BuildpackOutputStream.StandardError ? _error : _out, line.Text);
    }

    private void WriteLine(TextWriter writer, string text)
    {
        lock (_lock)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }

    /// <summary>Parses <c>-log-level</c> / <c>CNB_LOG_LEVEL</c>.</summary>
    public static bool TryParseLevel(string value, out LifecycleLogLevel level)
    {
        switch (value.ToLowerInvariant())
        {
            case "debug":
                level = LifecycleLogLevel.Debug;
                return true;
            case "info":
                level = LifecycleLogLevel.Info;
                return true;
            case "warn" or "warning":
                level = LifecycleLogLevel.Warn;
                return true;
            case "error":
                level = LifecycleLogLevel.Error;
                return true;
            default:
                level = LifecycleLogLevel.Info;
                return false;
        }
    }
}
