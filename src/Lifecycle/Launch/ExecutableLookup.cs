namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// Finds the file a direct process executes, the way the reference launcher does with Go's <c>exec.LookPath</c>
/// against the launch environment's <c>PATH</c>: a command containing <c>/</c> is used as given; otherwise the first
/// executable regular file named so in a <c>PATH</c> entry wins. A match in a relative entry (<c>.</c> or empty) is an
/// error rather than a silent run of whatever lies in the current directory (Go's <c>ErrDot</c>).
/// </summary>
public static class ExecutableLookup
{
    /// <summary>Resolves <paramref name="command"/>.</summary>
    /// <param name="command">The command as the process names it.</param>
    /// <param name="path">The <c>PATH</c> of the launch environment.</param>
    /// <param name="currentDirectory">The directory relative names are resolved against (the app directory).</param>
    /// <returns>The path to execute: <paramref name="command"/> itself when it contains a slash, else the absolute match.</returns>
    /// <exception cref="LifecycleException">Nothing executable was found (exit code 82).</exception>
    public static string Find(string command, string? path, string currentDirectory)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(Path.Combine(currentDirectory, command))
                ? command
                : throw NotFound($"'{command}' is not an executable file");
        }

        foreach (var entry in (path ?? "").Split(Path.PathSeparator))
        {
            var directory = entry.Length == 0 ? "." : entry;
            var candidate = Path.Combine(directory, command);
            if (!IsExecutable(Path.Combine(currentDirectory, candidate)))
            {
                continue;
            }

            return Path.IsPathRooted(candidate)
                ? candidate
                : throw NotFound($"'{command}' resolves to '{candidate}', relative to the current directory; use an absolute PATH entry");
        }

        throw NotFound($"executable file '{command}' not found in $PATH");
    }

    private static bool IsExecutable(string file)
    {
        // File.Exists follows symlinks and is false for directories.
        if (!File.Exists(file))
        {
            return false;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & anyExecute) != 0;
    }

    private static LifecycleException NotFound(string reason) => new(LauncherExitCodes.LaunchFailed, $"path lookup: {reason}");
}
