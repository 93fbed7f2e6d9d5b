using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Launcher;

/// <summary>
/// The launcher's messages: warnings and errors on stderr, as the reference launcher prints them, so that the
/// process's stdout carries only what the process writes.
/// </summary>
internal sealed class StandardErrorLog : ILifecycleLog
{
    public void Write(LifecycleLogLevel level, string message)
    {
        if (level >= LifecycleLogLevel.Warn)
        {
            Console.Error.WriteLine(level == LifecycleLogLevel.Error ? $"ERROR: {message}" : $"Warning: {message}");
        }
    }

    // The launcher runs no buildpacks.
    public void BuildpackOutput(BuildpackOutputLine line)
    {
    }
}
