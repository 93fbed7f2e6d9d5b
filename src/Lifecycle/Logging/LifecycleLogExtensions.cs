namespace Buildpacks.Lifecycle.Logging;

/// <summary>Shorthands for writing lifecycle messages at a level.</summary>
public static class LifecycleLogExtensions
{
    /// <summary>Writes a debug message.</summary>
    public static void Debug(this ILifecycleLog log, string message) => log.Write(LifecycleLogLevel.Debug, message);

    /// <summary>Writes an info message.</summary>
    public static void Info(this ILifecycleLog log, string message) => log.Write(LifecycleLogLevel.Info, message);

    /// <summary>Writes a warning.</summary>
    public static void Warn(this ILifecycleLog log, string message) => log.Write(LifecycleLogLevel.Warn, message);

    /// <summary>Writes an error.</summary>
    public static void Error(this ILifecycleLog log, string message) => log.Write(LifecycleLogLevel.Error, message);
}
