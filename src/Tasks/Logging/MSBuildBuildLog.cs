using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Buildpacks.MSBuild.Tasks.Logging;

/// <summary>
/// A build's log written into MSBuild's. Lifecycle and buildpack lines are detail: low importance (shown at detailed
/// verbosity), or high with <c>BuildpackVerbose</c>. The platform's progress is normal importance; warnings are
/// warnings. Lifecycle errors end in an exception the task reports with its code, so here they are only detail.
/// </summary>
internal sealed class MSBuildBuildLog(TaskLoggingHelper log, bool verbose) : IBuildLog
{
    // Buildpacks of one group are detected concurrently, and container output arrives on other threads; MSBuild's
    // logging helper is not documented as thread-safe.
    private readonly object _gate = new();

    private MessageImportance Detail => verbose ? MessageImportance.High : MessageImportance.Low;

    /// <inheritdoc />
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
                    log.LogMessage(MessageImportance.Normal, message);
                    break;
                default:
                    log.LogMessage(Detail, message);
                    break;
            }
        }
    }

    /// <inheritdoc />
    public void BuildpackOutput(BuildpackOutputLine line)
    {
        lock (_gate)
        {
            log.LogMessage(Detail, $"[{line.BuildpackId}] {line.Text}");
        }
    }

    /// <inheritdoc />
    public void PhaseOutput(string phase, string line)
    {
        lock (_gate)
        {
            log.LogMessage(Detail, $"[{phase}] {line}");
        }
    }

    /// <inheritdoc />
    public void Progress(string message)
    {
        lock (_gate)
        {
            log.LogMessage(MessageImportance.Normal, message);
        }
    }

    /// <inheritdoc />
    public void Warning(CodedMessage message)
    {
        lock (_gate)
        {
            log.LogWarning(null, message.Code, null, null, 0, 0, 0, 0, message.Text);
        }
    }
}
