using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// <c>CNB_EXPERIMENTAL_MODE</c> (Platform API, "Experimental Features"; lifecycle platform/defaults.go): <c>quiet</c>
/// allows an experimental feature silently, <c>warn</c> with a warning, <c>error</c> (the lifecycle's default) refuses it.
/// </summary>
internal static class ExperimentalMode
{
    /// <summary>Allows <paramref name="feature"/> or throws.</summary>
    /// <exception cref="LifecycleException">Exit code 1 in error mode; 3 for an unknown mode.</exception>
    public static void Guard(string feature, IReadOnlyDictionary<string, string> environment, ConsoleOutput console)
    {
        var mode = environment.TryGetValue("CNB_EXPERIMENTAL_MODE", out var value) && value.Length > 0 ? value.ToLowerInvariant() : "error";
        switch (mode)
        {
            case "quiet" or "silent":
                return;
            case "warn":
                console.Write(LifecycleLogLevel.Warn, $"Platform requested experimental feature '{feature}'");
                return;
            case "error":
                throw new LifecycleException(
                    LifecycleExitCodes.Failed,
                    $"Platform requested experimental feature '{feature}': set CNB_EXPERIMENTAL_MODE=warn (or quiet) to allow it");
            default:
                throw new LifecycleException(LifecycleExitCodes.InvalidArguments, $"invalid CNB_EXPERIMENTAL_MODE '{value}' (quiet, warn or error)");
        }
    }
}
