using Buildpacks.Lifecycle.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Buildpacks.MSBuild.Tasks.Rebase;

/// <summary>
/// The rebaser's progress in MSBuild's log at low importance (detailed verbosity): the task itself logs the one
/// report line or coded error per image. Images are rebased concurrently, so writes are serialised.
/// </summary>
internal sealed class MSBuildRebaseLog(TaskLoggingHelper log) : ILifecycleLog
{
    private readonly object _gate = new();

    public void Write(LifecycleLogLevel level, string message)
    {
        lock (_gate)
        {
            log.LogMessage(level >= LifecycleLogLevel.Warn ? MessageImportance.Normal : MessageImportance.Low, message);
        }
    }

    // A rebase runs no buildpack.
    public void BuildpackOutput(BuildpackOutputLine line) => Write(LifecycleLogLevel.Debug, line.Text);
}
