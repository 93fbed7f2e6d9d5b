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
        var inputs = ParseWithImages(flags, args, environment, console);
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

    /// <summary>
    /// Parses the flags of a phase that names images as positional arguments and may start as root (analyzer,
    /// restorer, exporter, creator, rebaser: Platform API, "Platform API Compatibility"; lifecycle priv/): the caller
    /// checks the positional arguments and drops privileges itself.
    /// </summary>
    /// <exception cref="LifecycleException">Exit code 3 for invalid arguments.</exception>
    public static PhaseInputs ParseWithImages(
        GoFlags flags, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, ConsoleOutput console)
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
        return inputs;
    }

    /// <summary>The arguments after the flags: the image names of an image phase.</summary>
    public IReadOnlyList<string> Positional => _flags.Positional;

    /// <summary>The process environment the phase was started with.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>A boolean flag, else the variable (Go <c>strconv.ParseBool</c> spellings), else <paramref name="fallback"/>.</summary>
    /// <exception cref="LifecycleException">Exit code 3 when either is not a boolean.</exception>
    public bool GetBool(string flag, string? variable, bool fallback)
    {
        try
        {
            if (_flags.GetBool(flag) is { } fromFlag)
            {
                return fromFlag;
            }

            return variable is not null && _environment.TryGetValue(variable, out var value) && value.Length > 0
                ? GoFlags.ParseBool(value, variable)
                : fallback;
        }
        catch (FormatException e)
        {
            throw new LifecycleException(LifecycleExitCodes.InvalidArguments, $"failed to parse arguments: {e.Message}", e);
        }
    }

    /// <summary>Every value of a repeatable flag; when none is given, the variable's comma-separated values.</summary>
    public IReadOnlyList<string> GetAll(string flag, string? variable)
    {
        var values = _flags.GetAll(flag);
        if (values.Count > 0 || variable is null || !_environment.TryGetValue(variable, out var list))
        {
            return values;
        }

        return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>A numeric id flag (<c>-uid</c>, <c>-gid</c>), else the variable, else <paramref name="fallback"/>.</summary>
    /// <exception cref="LifecycleException">Exit code 3 when the value is not a non-negative integer.</exception>
    public int GetId(string flag, string variable, int fallback)
    {
        if (GetOptional(flag, variable) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new LifecycleException(LifecycleExitCodes.InvalidArguments, $"failed to parse arguments: invalid value \"{text}\" for -{flag}");
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
