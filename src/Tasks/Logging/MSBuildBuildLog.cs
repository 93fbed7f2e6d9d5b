using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Buildpacks.MSBuild.Tasks.Logging;

/// <summary>
/// A build's log written into MSBuild's. Lifecycle and buildpack lines are detail: low importance (shown at detailed
/// verbosity), or high with <c>BuildpackVerbose</c>. The platform's steps (pulling, building, exporting, writing) and
/// the lifecycle's section lines (<c>===&gt; BUILDING</c>) are high importance: one line per step in the console
/// logger's minimal verbosity (<c>dotnet publish</c>'s default with <c>-tl:off</c>, and CI logs); the terminal
/// logger shows high-importance messages only at detailed verbosity, and the task's result line always. Warnings
/// carry a code (the lifecycle's own BP4102), so <c>-warnaserror</c> and <c>NoWarn</c> can name them. Lifecycle
/// errors end in an exception the task reports with its code, so here they are only detail.
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
                    BuildpackTask.LogWarning(log, CodedMessage.Format(Messages.LifecycleWarning, message));
                    break;
                case LifecycleLogLevel.Error:
                    log.LogMessage(MessageImportance.Normal, message);
                    break;
                default:
                    log.LogMessage(IsSection(message) ? MessageImportance.High : Detail, message);
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
            log.LogMessage(IsSection(line) ? MessageImportance.High : Detail, $"[{phase}] {line}");
        }
    }

    /// <inheritdoc />
    public void Progress(string message)
    {
        lock (_gate)
        {
            log.LogMessage(MessageImportance.High, message);
        }
    }

    /// <inheritdoc />
    public void Warning(CodedMessage message)
    {
        lock (_gate)
        {
            BuildpackTask.LogWarning(log, message);
        }
    }

    // The lifecycles' section lines (lifecycle cmd: "===> DETECTING", "===> BUILDING", "===> EXPORTING"; ours the
    // same): the steps of a build running in a container.
    private static bool IsSection(string line) => line.StartsWith("===> ", StringComparison.Ordinal);
}
