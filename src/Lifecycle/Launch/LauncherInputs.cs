using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// What the launcher reads from its environment (Platform API, "launcher", "Inputs"): the app and layers directories,
/// the execution environment and the Platform API the image was exported with.
/// </summary>
/// <param name="AppDir">The application directory (<c>CNB_APP_DIR</c>, default <c>/workspace</c>).</param>
/// <param name="LayersDir">The layers directory (<c>CNB_LAYERS_DIR</c>, default <c>/layers</c>).</param>
/// <param name="ExecEnv">The execution environment (<c>CNB_EXEC_ENV</c>, default <c>production</c>).</param>
/// <param name="PlatformApi">The Platform API (<c>CNB_PLATFORM_API</c>, required).</param>
public sealed record LauncherInputs(string AppDir, string LayersDir, string ExecEnv, PlatformApi PlatformApi)
{
    /// <summary>Reads the inputs from <paramref name="environment"/>; empty values count as unset.</summary>
    /// <exception cref="LifecycleException">CNB_PLATFORM_API is unset or unsupported (exit code 11).</exception>
    public static LauncherInputs FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        string Get(string name, string fallback) =>
            environment.TryGetValue(name, out var value) && value.Length > 0 ? value : fallback;

        // The spec has every phase resolve the Platform API before reading anything else.
        var platformApi = PlatformApi.Resolve(environment.GetValueOrDefault("CNB_PLATFORM_API"));
        return new LauncherInputs(
            Get("CNB_APP_DIR", PlatformDefaults.AppDir),
            Get("CNB_LAYERS_DIR", PlatformDefaults.LayersDir),
            Get("CNB_EXEC_ENV", PlatformDefaults.ExecEnv),
            platformApi);
    }

    /// <summary><c>&lt;layers&gt;/config/metadata.toml</c>.</summary>
    public string MetadataPath => PlatformDefaults.MetadataPath(LayersDir);
}
