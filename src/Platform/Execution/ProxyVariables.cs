namespace Buildpacks.Platform.Execution;

/// <summary>
/// The proxy settings of the machine that builds, handed to every lifecycle phase as pack hands them
/// (pkg/client/build.go processProxyConfig, internal/build/phase_config_provider.go WithLifecycleProxy): the upper-case
/// variable, else the lower-case one, given in both spellings. The lifecycle passes them on to buildpacks
/// (env/build.go's include list), so a buildpack that downloads (a .NET runtime, an SDK, a package) goes through the
/// proxy this machine needs, as everything else on it does.
/// </summary>
public static class ProxyVariables
{
    private static readonly string[] Names = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"];

    /// <summary>The variables (<c>NAME=value</c>) for the environment <paramref name="lookup"/> reads; none when no proxy is set.</summary>
    /// <param name="lookup">Reads a variable: null when it is not set.</param>
    public static IReadOnlyList<string> From(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var variables = new List<string>();
        foreach (var name in Names)
        {
            var lower = name.ToLowerInvariant();
            var value = lookup(name) ?? lookup(lower);
            if (!string.IsNullOrEmpty(value))
            {
                variables.Add($"{name}={value}");
                variables.Add($"{lower}={value}");
            }
        }

        return variables;
    }

    /// <summary>The variables for this process's environment.</summary>
    public static IReadOnlyList<string> OfThisProcess() => From(Environment.GetEnvironmentVariable);
}
