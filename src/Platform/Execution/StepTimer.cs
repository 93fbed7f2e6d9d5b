using System.Diagnostics;
using System.Globalization;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// Reports how long a step of a build took, as a debug line (<c>Timer: Exporter ran for 0.352 s</c>), as the reference
/// lifecycle's timers do: visible with <c>-v:d</c>, so that a slow publish says where its time went.
/// </summary>
public readonly struct StepTimer : IDisposable
{
    private readonly ILifecycleLog? _log;
    private readonly string _step;
    private readonly long _started;

    private StepTimer(ILifecycleLog log, string step)
    {
        _log = log;
        _step = step;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts timing <paramref name="step"/>; the line is written when the timer is disposed.</summary>
    public static StepTimer Start(ILifecycleLog log, string step)
    {
        ArgumentNullException.ThrowIfNull(log);
        return new StepTimer(log, step);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        _log?.Write(LifecycleLogLevel.Debug, string.Create(CultureInfo.InvariantCulture, $"Timer: {_step} ran for {seconds:0.000} s"));
    }
}
