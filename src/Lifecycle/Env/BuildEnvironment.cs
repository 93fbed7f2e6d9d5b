using System.Collections;

namespace Buildpacks.Lifecycle.Env;

/// <summary>
/// The environment of <c>bin/detect</c> and <c>bin/build</c> (Buildpack API, "Environment"; lifecycle env/build.go).
/// It starts from an allow-list of the lifecycle's own variables (buildpacks do not inherit the rest), grows with the
/// <c>build=true</c> layers of each buildpack that has built, and for each run gets the platform's user env and the
/// operator's build-config env on top.
/// </summary>
public sealed class BuildEnvironment
{
    /// <summary>Variables passed through from the lifecycle's environment, besides the layer path variables.</summary>
    public static readonly IReadOnlyList<string> PassThroughVariables =
    [
        "CNB_STACK_ID", "HOSTNAME", "HOME",
        "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
    ];

    /// <summary>
    /// Layer subdirectories and the path variables they are prepended to at build time (Buildpack API, "Layer Paths").
    /// </summary>
    public static readonly IReadOnlyList<(string Directory, string[] Variables)> LayerPathVariables =
    [
        ("bin", ["PATH"]),
        ("lib", ["LD_LIBRARY_PATH", "LIBRARY_PATH"]),
        ("include", ["CPATH"]),
        ("pkgconfig", ["PKG_CONFIG_PATH"]),
    ];

    private readonly Dictionary<string, string> _vars;

    private BuildEnvironment(Dictionary<string, string> vars) => _vars = vars;

    /// <summary>The current variables (without platform or build-config overrides).</summary>
    public IReadOnlyDictionary<string, string> Variables => _vars;

    /// <summary>The environment of the current process, unfiltered (the host environment of a phase).</summary>
    public static IReadOnlyDictionary<string, string> CurrentProcessVariables() =>
        ReadProcessEnvironment().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>The given environment, filtered to the allow-list.</summary>
    public static BuildEnvironment FromVariables(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var allowed = PassThroughVariables.Concat(LayerPathVariables.SelectMany(p => p.Variables)).ToHashSet(StringComparer.Ordinal);
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            if (allowed.Contains(name))
            {
                vars[name] = value;
            }
        }

        return new BuildEnvironment(vars);
    }

    /// <summary>
    /// Adds a <c>build=true</c> layer: its <c>bin</c>, <c>lib</c>, <c>include</c> and <c>pkgconfig</c> directories are
    /// prepended to the path variables, then <c>env/</c> and <c>env.build/</c> are applied, unsuffixed files overriding.
    /// </summary>
    public void AddBuildLayer(string layerDir)
    {
        foreach (var (directory, variables) in LayerPathVariables)
        {
            var child = Path.Combine(Path.GetFullPath(layerDir), directory);
            if (!Directory.Exists(child))
            {
                continue;
            }

            foreach (var variable in variables)
            {
                _vars[variable] = _vars.TryGetValue(variable, out var existing) && existing.Length > 0
                    ? child + EnvDirectory.PathSeparator + existing
                    : child;
            }
        }

        EnvDirectory.Apply(_vars, Path.Combine(layerDir, "env"), EnvFileAction.Override);
        EnvDirectory.Apply(_vars, Path.Combine(layerDir, "env.build"), EnvFileAction.Override);
    }

    /// <summary>
    /// The variables for one buildpack run. <paramref name="platformDir"/>'s <c>env/</c> (null when the buildpack sets
    /// <c>clear-env</c>) overrides, except that a layer path variable is prepended with the path-list separator; then
    /// <paramref name="buildConfigDir"/>'s <c>env/</c> applies with suffix rules, unsuffixed meaning default
    /// (Platform API, "Build Config"; lifecycle env.WithOverrides).
    /// </summary>
    public Dictionary<string, string> WithOverrides(string? platformDir, string? buildConfigDir)
    {
        var vars = new Dictionary<string, string>(_vars, StringComparer.Ordinal);
        if (platformDir is not null)
        {
            var pathVariables = LayerPathVariables.SelectMany(p => p.Variables).ToHashSet(StringComparer.Ordinal);
            foreach (var (name, value) in EnvDirectory.ReadFiles(Path.Combine(platformDir, "env")))
            {
                vars[name] = pathVariables.Contains(name) && vars.TryGetValue(name, out var existing) && existing.Length > 0
                    ? value + EnvDirectory.PathSeparator + existing
                    : value;
            }
        }

        if (buildConfigDir is not null)
        {
            EnvDirectory.Apply(vars, Path.Combine(buildConfigDir, "env"), EnvFileAction.Default);
        }

        return vars;
    }

    private static IEnumerable<KeyValuePair<string, string>> ReadProcessEnvironment()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            yield return new KeyValuePair<string, string>((string)entry.Key, (string?)entry.Value ?? "");
        }
    }
}
