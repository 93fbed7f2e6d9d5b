using System.Globalization;
using System.Text;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// The launch of a process that is not direct (Buildpack API below 0.9 with <c>direct = false</c>, or
/// <c>launcher &lt;cmd&gt;</c> without <c>--</c>): one Bash process sources the profile scripts, changes to the working
/// directory and replaces itself with a nested Bash that runs the command (Platform API, "launcher", "Execution";
/// lifecycle launch/bash.go, whose argument layout and token quoting are kept so that commands behave the same).
/// </summary>
public static class ShellLaunch
{
    /// <summary>The shell the spec's POSIX launch strategy uses.</summary>
    public const string BashPath = "/bin/bash";

    /// <summary>
    /// The profile scripts, in the order they are sourced: each layer's <c>profile.d/*</c> then
    /// <c>profile.d/&lt;type&gt;/*</c> in launch order, then <c>&lt;app&gt;/.profile</c> if it is a file (sourced
    /// relative to the app directory, where the shell starts).
    /// </summary>
    public static IReadOnlyList<string> Profiles(IEnumerable<string> layerDirs, string? processType, string appDir)
    {
        var profiles = new List<string>();
        foreach (var layer in layerDirs)
        {
            profiles.AddRange(LaunchLayers.FilesIn(Path.Combine(layer, "profile.d")));
            if (!string.IsNullOrEmpty(processType))
            {
                profiles.AddRange(LaunchLayers.FilesIn(Path.Combine(layer, "profile.d", processType)));
            }
        }

        var appProfile = Path.Combine(appDir, ".profile");
        if (File.Exists(appProfile))
        {
            profiles.Add(".profile");
        }

        return profiles;
    }

    /// <summary>The Bash command line for <paramref name="process"/>.</summary>
    /// <param name="process">The process, not direct.</param>
    /// <param name="profiles">The scripts to source first (see <see cref="Profiles"/>).</param>
    /// <param name="caller">The launcher's <c>argv[0]</c>: <c>$0</c> of the profile scripts.</param>
    /// <param name="environment">The launch environment.</param>
    /// <param name="appDir">Where the shell starts, so that relative profile paths and commands resolve there.</param>
    public static LaunchCommand Create(
        ResolvedProcess process,
        IReadOnlyList<string> profiles,
        string caller,
        IReadOnlyDictionary<string, string> environment,
        string appDir)
    {
        var script = new StringBuilder();
        foreach (var profile in profiles)
        {
            script.Append("source \"").Append(profile).Append("\"\n");
        }

        script.Append("cd \"").Append(process.WorkingDirectory).Append("\"\n");
        script.Append(process.Args.Count == 0 ? RunScript : RunTokens(process.Args.Count + 1));
        return new LaunchCommand(
            BashPath,
            ["bash", "-c", script.ToString(), caller, process.Command, .. process.Args],
            environment,
            appDir);
    }

    /// <summary>A command without arguments is a script of its own: the nested Bash runs it as given.</summary>
    private const string RunScript = "exec bash -c \"$@\"";

    /// <summary>
    /// With arguments, each token (command and arguments) is evaluated by the nested shell before it becomes one word:
    /// <c>"$(eval echo \"$N\")"</c> expands variables and command substitutions in a token but never splits it.
    /// </summary>
    private static string RunTokens(int tokens)
    {
        var words = new StringBuilder("\"$(eval echo \\\"$0\\\")\"");
        for (var i = 1; i < tokens; i++)
        {
            words.Append(CultureInfo.InvariantCulture, $" \"$(eval echo \\\"${{{i}}}\\\")\"");
        }

        return $"exec bash -c '{words}' \"${{@:1}}\"";
    }
}
