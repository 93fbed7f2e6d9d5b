namespace Buildpacks.Lifecycle.Logging;

/// <summary>Severity of a lifecycle message; the names follow <c>CNB_LOG_LEVEL</c> / <c>-log-level</c>.</summary>
public enum LifecycleLogLevel
{
    /// <summary>Details of each step (plan trials, skipped buildpacks).</summary>
    Debug,

    /// <summary>Normal progress.</summary>
    Info,

    /// <summary>Something is off but the phase goes on.</summary>
    Warn,

    /// <summary>The phase fails.</summary>
    Error,
}
