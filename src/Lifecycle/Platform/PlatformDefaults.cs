namespace Buildpacks.Lifecycle.Platform;

/// <summary>
/// The Platform API's default locations of the lifecycle's inputs and outputs (Platform API, "Inputs" of each phase;
/// lifecycle platform/defaults.go). <see cref="LifecycleInputs"/> applies them; files under the layers directory are
/// named here and placed there once the layers directory is known.
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

    /// <summary><c>&lt;layers&gt;/order.toml</c>: an order the platform puts in the layers directory, preferred over the builder's.</summary>
    public const string OrderFile = "order.toml";

    /// <summary><c>&lt;layers&gt;/group.toml</c>.</summary>
    public const string GroupFile = "group.toml";

    /// <summary><c>&lt;layers&gt;/plan.toml</c>.</summary>
    public const string PlanFile = "plan.toml";

    /// <summary><c>&lt;layers&gt;/analyzed.toml</c>.</summary>
    public const string AnalyzedFile = "analyzed.toml";

    /// <summary><c>&lt;layers&gt;/report.toml</c>, written by the exporter and rebaser.</summary>
    public const string ReportFile = "report.toml";

    /// <summary><c>&lt;layers&gt;/project-metadata.toml</c>.</summary>
    public const string ProjectMetadataFile = "project-metadata.toml";

    /// <summary><c>&lt;layers&gt;/config/metadata.toml</c>, written by the builder and read by the exporter and launcher.</summary>
    public static string MetadataPath(string layersDir) => Path.Combine(layersDir, "config", "metadata.toml");
}
