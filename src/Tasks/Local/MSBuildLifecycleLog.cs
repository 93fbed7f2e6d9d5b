using Buildpacks.Lifecycle.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Buildpacks.MSBuild.Tasks.Local;

/// <summary>
/// The lifecycle's log written into MSBuild's: phase output at normal importance is too loud, so lifecycle messages
/// and buildpack lines go out at low importance (detailed verbosity), warnings and errors as they are.
/// </summary>
internal sealed class MSBuildLifecycleLog(TaskLoggingHelper log) : ILifecycleLog
{
    // Buildpacks of one group are detected concurrently; MSBuild's logging helper is not documented as thread-safe.
    private readonly object _gate = new();

    public void Write(LifecycleLogLevel level, string message)
    {
        lock (_gate)
        {
            switch (level)
            {
                case LifecycleLogLevel.Warn:
                    log.LogWarning(message);
                    break;
                case LifecycleLogLevel.Error:
                    // Errors end in a LifecycleException the task reports with its code; logged here only as detail.
                    log.LogMessage(MessageImportance.Normal, message);
                    break;
                default:
                    log.LogMessage(MessageImportance.Low, message);
                    break;
            }
        }
    }

    public void BuildpackOutput(BuildpackOutputLine line)
    {
        lock (_gate)
        {
            log.LogMessage(MessageImportance.Low, $"[{line.BuildpackId}] {line.Text}");
        }
    }
}
