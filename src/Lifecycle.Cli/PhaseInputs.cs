using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The inputs of a phase from its flags, the <c>CNB_*</c> environment and the defaults, in that order of precedence
/// (Platform API, "Inputs"), filled once into <see cref="LifecycleInputs"/>, which holds the defaults.
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

    /// <summary>
    /// The <see cref="LifecycleInputs"/> this phase's flags and variables give: each input from its flag, else its
    /// <c>CNB_*</c> variable, else the record's default. An input whose flag the phase does not define keeps its default
    /// whatever its variable says (the creator takes no <c>-group</c>, so its group.toml stays in the layers directory),
    /// and <c>-uid</c>/<c>-gid</c> default to this process's user. The command adds what only it knows: the image names
    /// it validated, the stores and cache it opened, the creation time of an export.
    /// </summary>
    /// <exception cref="LifecycleException">Exit code 3 for a malformed id, boolean or previous image name.</exception>
    public LifecycleInputs ToLifecycleInputs(PlatformApi platformApi, IUserSwitch users)
    {
        var inputs = new LifecycleInputs
        {
            PlatformApi = platformApi,
            AppDir = Given("app", "CNB_APP_DIR"),
            LayersDir = Given("layers", "CNB_LAYERS_DIR"),
            PlatformDir = Given("platform", "CNB_PLATFORM_DIR"),
            BuildpacksDir = Given("buildpacks", "CNB_BUILDPACKS_DIR"),
            OrderPath = Given("order", "CNB_ORDER_PATH"),
            LauncherPath = Given("launcher", "CNB_LAUNCHER_PATH"),
            AnalyzedPath = Given("analyzed", "CNB_ANALYZED_PATH"),
            GroupPath = Given("group", "CNB_GROUP_PATH"),
            PlanPath = Given("plan", "CNB_PLAN_PATH"),
            ProjectMetadataPath = Given("project-metadata", "CNB_PROJECT_METADATA_PATH"),
            ReportPath = Given("report", "CNB_REPORT_PATH"),
            PreviousImage = ImageNames.ParseOptional(Given("previous-image", "CNB_PREVIOUS_IMAGE"), "previous image"),
            RunImage = Given("run-image", "CNB_RUN_IMAGE"),

            // The creator's -skip-restore is what the analyzer and restorer call -skip-layers.
            SkipLayers = _flags.IsDefined("skip-restore")
                ? GetBool("skip-restore", "CNB_SKIP_RESTORE", false)
                : _flags.IsDefined("skip-layers") && GetBool("skip-layers", "CNB_SKIP_LAYERS", false),
            ExecEnv = _environment.TryGetValue("CNB_EXEC_ENV", out var execEnv) && execEnv.Length > 0 ? execEnv : null,
            HostEnvironment = _environment,
            Uid = _flags.IsDefined("uid") ? GetId("uid", "CNB_USER_ID", users.CurrentUserId) : 0,
            Gid = _flags.IsDefined("gid") ? GetId("gid", "CNB_GROUP_ID", users.CurrentGroupId) : 0,
            DefaultProcessType = Given("process-type", "CNB_PROCESS_TYPE"),
        };

        // For these null means none, so a value not given leaves the record's default rather than null.
        return inputs with
        {
            BuildConfigDir = Given("build-config", "CNB_BUILD_CONFIG_DIR") ?? inputs.BuildConfigDir,
            SystemPath = Given("system", "CNB_SYSTEM_PATH") ?? inputs.SystemPath,
            RunPath = Given("run", "CNB_RUN_PATH") ?? inputs.RunPath,
        };
    }

    /// <summary>The flag's value, else the variable's, for a flag this phase defines; null otherwise.</summary>
    public string? Given(string flag, string variable) => _flags.IsDefined(flag) ? GetOptional(flag, variable) : null;
}
