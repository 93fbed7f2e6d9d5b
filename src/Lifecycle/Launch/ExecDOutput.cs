using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// What an exec.d executable writes to fd 3 (Buildpack API, "Exec.d Output (TOML)"): top-level <c>NAME = "value"</c>
/// pairs, string values only.
/// </summary>
public static class ExecDOutput
{
    /// <summary>Parses <paramref name="text"/>, the output of <paramref name="executable"/>.</summary>
    /// <exception cref="LifecycleException">The output is not TOML or has a value that is not a string (exit code 82).</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text, string executable)
    {
        try
        {
            var root = TomlDocument.Parse(text, executable).Root;
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in root.Table.Keys)
            {
                variables[name] = root.GetString(name)!;
            }

            return variables;
        }
        catch (TomlFileException e)
        {
            throw new LifecycleException(
                LauncherExitCodes.LaunchFailed,
                $"exec.d: failed to decode the output written to fd 3 by {e.Message}",
                e);
        }
    }
}
