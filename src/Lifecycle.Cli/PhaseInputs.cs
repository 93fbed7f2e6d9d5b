using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The inputs of a phase from its flags, the <c>CNB_*</c> environment and the defaults, in that order of precedence
/// (Platform API, "Inputs"). Paths under the layers directory are derived once the layers directory is known.
/// </summary>
internal sealed class PhaseInputs
{
    private readonly GoFlags _flags;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private PhaseInputs(GoFlags flags, IReadOnlyDictionary<string, string> environment)
    {
        _flags = flags;
        _environment = environment;
    }

    /// <summary>
    /// Parses <paramref name="args"/> with <paramref name="flags"/>, applies <c>-log-level</c>, and refuses positional
    /// arguments and running as root, in the order of the reference lifecycle (arguments first, then privileges).
    /// </summary>
    /// <exception cref="LifecycleException">Exit code 3 for invalid arguments, 1 when running as root.</exception>
    public static PhaseInputs Parse(
        GoFlags flags, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, ConsoleOutput console, Func<bool> isRoot)
    {
        flags.String("log-level").Bool("no-color");
        try
        {
            flags.Parse(args);
        }
        catch (FormatException e)
        {
            throw new LifecycleException(LifecycleExitCodes.InvalidArguments, $"failed to parse arguments: {e.Message}", e);
        }

        var inputs = new PhaseInputs(flags, environment);
        var level = inputs.Get("log-level", "CNB_LOG_LEVEL", "info");
        if (!ConsoleOutput.TryParseLevel(level, out var parsed))
        {
            throw new LifecycleException(LifecycleExitCodes.InvalidArguments, $"invalid log level '{level}'");
        }

        console.Level = parsed;
        if (flags.Positional.Count > 0)
        {
            throw new LifecycleException(
                LifecycleExitCodes.InvalidArguments,
                $"failed to parse arguments: received unexpected arguments: {string.Join(" ", flags.Positional)}");
        }

        if (isRoot())
        {
            throw new LifecycleException(LifecycleExitCodes.Failed, "refusing to run as root");
        }

        return inputs;
    }

    /// <summary>The flag's value, else the variable's, else <paramref name="fallback"/>.</summary>
    public string Get(string flag, string variable, string fallback) => GetOptional(flag, variable) ?? fallback;

    /// <summary>The flag's value, else the variable's, else null.</summary>
    public string? GetOptional(string flag, string variable) =>
        _flags.Get(flag) ?? (_environment.TryGetValue(variable, out var value) && value.Length > 0 ? value : null);

    public string AppDir => Get("app", "CNB_APP_DIR", PlatformDefaults.AppDir);

    public string LayersDir => Get("layers", "CNB_LAYERS_DIR", PlatformDefaults.LayersDir);

    public string PlatformDir => Get("platform", "CNB_PLATFORM_DIR", PlatformDefaults.PlatformDir);

    public string BuildpacksDir => Get("buildpacks", "CNB_BUILDPACKS_DIR", PlatformDefaults.BuildpacksDir);

    public string BuildConfigDir => Get("build-config", "CNB_BUILD_CONFIG_DIR", PlatformDefaults.BuildConfigDir);

    public string GroupPath => Get("group", "CNB_GROUP_PATH", PlatformDefaults.GroupPath(LayersDir));

    public string PlanPath => Get("plan", "CNB_PLAN_PATH", PlatformDefaults.PlanPath(LayersDir));

    public string AnalyzedPath => Get("analyzed", "CNB_ANALYZED_PATH", PlatformDefaults.AnalyzedPath(LayersDir));

    public string ExecEnv => _environment.TryGetValue("CNB_EXEC_ENV", out var value) && value.Length > 0 ? value : PlatformDefaults.ExecEnv;
}
