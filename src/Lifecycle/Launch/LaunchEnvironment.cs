using Buildpacks.Lifecycle.Env;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// The environment of the launched process (Platform API, "Launch Environment"; Buildpack API, "Environment"). It
/// inherits the launcher's environment minus the variables that only configure the launcher, with the launcher's own
/// directories removed from <c>PATH</c>; then each launch layer adds its <c>bin</c> and <c>lib</c> directories and its
/// env files, and exec.d output is set on top.
/// </summary>
public sealed class LaunchEnvironment
{
    /// <summary>
    /// Variables the process does not inherit: the spec names the first three, the reference lifecycle also drops the
    /// two that the exporter bakes into the image for the launcher (lifecycle env/launch.go).
    /// </summary>
    public static readonly IReadOnlyList<string> ExcludedVariables =
        ["CNB_LAYERS_DIR", "CNB_APP_DIR", "CNB_PROCESS_TYPE", "CNB_PLATFORM_API", "CNB_DEPRECATION_MODE"];

    /// <summary>
    /// <c>PATH</c> entries the exported image adds so that process types and the launcher are found; the process must
    /// not find them (a process named like a type would start the launcher again).
    /// </summary>
    public static readonly IReadOnlyList<string> LauncherPathEntries = ["/cnb/process", "/cnb/lifecycle"];

    /// <summary>
    /// Launch layer subdirectories and the variables they are prepended to (Buildpack API, "Layer Paths": only
    /// <c>PATH</c> and <c>LD_LIBRARY_PATH</c> are designated for launch on POSIX).
    /// </summary>
    public static readonly IReadOnlyList<(string Directory, string Variable)> LayerPathVariables =
        [("bin", "PATH"), ("lib", "LD_LIBRARY_PATH")];

    private readonly Dictionary<string, string> _vars;

    private LaunchEnvironment(Dictionary<string, string> vars) => _vars = vars;

    /// <summary>The current variables.</summary>
    public IReadOnlyDictionary<string, string> Variables => _vars;

    /// <summary>The inherited environment: <paramref name="environment"/> without the launcher's variables and PATH entries.</summary>
    public static LaunchEnvironment Inherit(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            if (!ExcludedVariables.Contains(name))
            {
                vars[name] = value;
            }
        }

        if (vars.TryGetValue("PATH", out var path))
        {
            vars["PATH"] = string.Join(
                EnvDirectory.PathSeparator,
                path.Split(Path.PathSeparator).Where(entry => !LauncherPathEntries.Contains(entry)));
        }

        return new LaunchEnvironment(vars);
    }

    /// <summary>
    /// Prepends the layer's <c>bin</c> to <c>PATH</c> and <c>lib</c> to <c>LD_LIBRARY_PATH</c>, when they exist. Called
    /// for every layer in launch order, so later buildpacks' directories come first, as the spec orders them; within a
    /// buildpack this puts later layer names first too, which is what the reference lifecycle does (its
    /// <c>AddRootDir</c> prepends layer by layer) although the spec asks for ascending names there.
    /// </summary>
    public void AddLayerPaths(string layerDir)
    {
        foreach (var (directory, variable) in LayerPathVariables)
        {
            var child = Path.Combine(Path.GetFullPath(layerDir), directory);
            if (Directory.Exists(child))
            {
                _vars[variable] = _vars.TryGetValue(variable, out var existing) && existing.Length > 0
                    ? child + EnvDirectory.PathSeparator + existing
                    : child;
            }
        }
    }

    /// <summary>
    /// Applies the layer's <c>env/</c>, then <c>env.launch/</c>, then <c>env.launch/&lt;process type&gt;/</c> (Buildpack
    /// API, "Environment Variable Modification Rules"; an unsuffixed file overrides for every supported Buildpack API).
    /// </summary>
    public void ApplyLayerEnv(string layerDir, string? processType)
    {
        EnvDirectory.Apply(_vars, Path.Combine(layerDir, "env"), EnvFileAction.Override);
        EnvDirectory.Apply(_vars, Path.Combine(layerDir, "env.launch"), EnvFileAction.Override);
        if (!string.IsNullOrEmpty(processType))
        {
            EnvDirectory.Apply(_vars, Path.Combine(layerDir, "env.launch", processType), EnvFileAction.Override);
        }
    }

    /// <summary>Sets variables returned by an exec.d executable; they override whatever was there.</summary>
    public void Set(IEnumerable<KeyValuePair<string, string>> variables)
    {
        foreach (var (name, value) in variables)
        {
            _vars[name] = value;
        }
    }
}
