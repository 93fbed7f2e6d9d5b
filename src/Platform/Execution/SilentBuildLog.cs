using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// A build log that keeps nothing: for work done ahead of a build (<see cref="IBuildExecution.PrepareAsync"/>), whose
/// task has returned by the time that work reports, and whose outcome the build itself reports.
/// </summary>
public sealed class SilentBuildLog : IBuildLog
{
    private SilentBuildLog()
    {
    }

    /// <summary>The one instance.</summary>
    public static SilentBuildLog Instance { get; } = new();

    /// <inheritdoc />
    public void Write(LifecycleLogLevel level, string message)
    {
    }

    /// <inheritdoc />
    public void BuildpackOutput(BuildpackOutputLine line)
    {
    }

    /// <inheritdoc />
    public void PhaseOutput(string phase, string line)
    {
    }

    /// <inheritdoc />
    public void Progress(string message)
    {
    }

    /// <inheritdoc />
    public void Warning(CodedMessage message)
    {
    }
}
