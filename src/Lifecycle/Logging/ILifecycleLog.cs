namespace Buildpacks.Lifecycle.Logging;

/// <summary>
/// Where a phase reports what happens: its own messages, and every line a buildpack prints, as the line is printed.
/// Implementations must be thread-safe: buildpacks of one group are detected concurrently.
/// </summary>
public interface ILifecycleLog
{
    /// <summary>A message of the lifecycle itself.</summary>
    void Write(LifecycleLogLevel level, string message);

    /// <summary>One line of a buildpack's <c>bin/detect</c> or <c>bin/build</c> output, without its line terminator.</summary>
    void BuildpackOutput(BuildpackOutputLine line);
}
