using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// Where a build reports what happens, as it happens: the lifecycle's own messages and buildpack lines
/// (<see cref="ILifecycleLog"/>, for Local mode's in-process lifecycle), the output lines of a lifecycle running in a
/// container, and the platform's progress (pulls, pushes, volumes). Thread-safe.
/// </summary>
public interface IBuildLog : ILifecycleLog
{
    /// <summary>One line a lifecycle phase printed (Container mode), without its terminator.</summary>
    /// <param name="phase">The phase: analyzer, detector, restorer, builder, exporter or creator.</param>
    /// <param name="line">The line.</param>
    void PhaseOutput(string phase, string line);

    /// <summary>A step of the platform's own (pulling the builder, creating volumes, copying the app…).</summary>
    void Progress(string message);

    /// <summary>A warning with its code (from <see cref="Diagnostics.Messages"/>).</summary>
    void Warning(Diagnostics.CodedMessage message);
}
