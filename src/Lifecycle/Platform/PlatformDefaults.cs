namespace Buildpacks.Lifecycle.Platform;

/// <summary>
/// Default locations of the platform's inputs and outputs (Platform API, "Inputs" of each phase; lifecycle
/// platform/defaults.go). Paths under the layers directory are derived after the layers directory is known.
/// </summary>
public static class PlatformDefaults
{
    /// <summary>The application directory.</summary>
    public const string AppDir = "/workspace";

    /// <summary>The layers directory.</summary>
    public const string LayersDir = "/layers";

    /// <summary>The platform directory (user env vars, bindings).</summary>
    public const string PlatformDir = "/platform";

    /// <summary>Where buildpacks are stored as <c>&lt;id with / as _&gt;/&lt;version&gt;/</c>.</summary>
    public const string BuildpacksDir = "/cnb/buildpacks";

    /// <summary>The operator's build-config directory (its <c>env/</c> is applied with default semantics).</summary>
    public const string BuildConfigDir = "/cnb/build-config";

    /// <summary>The order used when <c>&lt;layers&gt;/order.toml</c> does not exist.</summary>
    public const string OrderPath = "/cnb/order.toml";

    /// <summary>System buildpacks (Platform API 0.15).</summary>
    public const string SystemPath = "/cnb/system.toml";

    /// <summary>run.toml: the run image and its mirrors.</summary>
    public const string RunPath = "/cnb/run.toml";

    /// <summary>The launcher binary the exporter puts into app images.</summary>
    public const string LauncherPath = "/cnb/lifecycle/launcher";

    /// <summary>The default execution environment (Platform API 0.15, <c>CNB_EXEC_ENV</c>).</summary>
    public const string ExecEnv = "production";

    /// <summary><c>&lt;layers&gt;/group.toml</c>.</summary>
    public static string GroupPath(string layersDir) => Path.Combine(layersDir, "group.toml");

    /// <summary><c>&lt;layers&gt;/plan.toml</c>.</summary>
    public static string PlanPath(string layersDir) => Path.Combine(layersDir, "plan.toml");

    /// <summary><c>&lt;layers&gt;/analyzed.toml</c>.</summary>
    public static string AnalyzedPath(string layersDir) => Path.Combine(layersDir, "analyzed.toml");

    /// <summary><c>&lt;layers&gt;/report.toml</c>, written by the exporter and rebaser.</summary>
    public static string ReportPath(string layersDir) => Path.Combine(layersDir, "report.toml");

    /// <summary><c>&lt;layers&gt;/order.toml</c> if it exists, else <see cref="OrderPath"/>.</summary>
    public static string ResolveOrderPath(string layersDir)
    {
        var inLayers = Path.Combine(layersDir, "order.toml");
        return File.Exists(inLayers) ? inLayers : OrderPath;
    }

    /// <summary><c>&lt;layers&gt;/config/metadata.toml</c>, written by the builder and read by the exporter and launcher.</summary>
    public static string MetadataPath(string layersDir) => Path.Combine(layersDir, "config", "metadata.toml");
}
