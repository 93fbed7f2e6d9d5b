namespace Buildpacks.Platform.Builders;

/// <summary>
/// Makes a lifecycle directory usable in a builder when its binaries lost their execute bits: NuGet does not keep file
/// modes, so the lifecycle and launcher the package carries arrive as 0744 (or 0644), and a builder's /cnb/lifecycle
/// must hold binaries every user can run. Such a directory is copied into a scratch directory with the binaries set to 0755; any other path is
/// used as it is.
/// </summary>
internal static class LifecycleStaging
{
    private static readonly string[] Binaries = ["lifecycle", "launcher", .. LifecycleBinaries.Phases];

    /// <summary>The directory to read the lifecycle from: <paramref name="path"/>, or an executable copy under <paramref name="scratchDirectory"/>.</summary>
    public static string Executable(string path, string scratchDirectory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(path) || !Binaries.Any(b => IsNotExecutable(Path.Combine(path, b))))
        {
            return path;
        }

        var copy = Directory.CreateDirectory(Path.Combine(scratchDirectory, "lifecycle")).FullName;
        foreach (var file in Directory.EnumerateFiles(path))
        {
            var target = Path.Combine(copy, Path.GetFileName(file));
            File.Copy(file, target);
            if (Binaries.Contains(Path.GetFileName(file), StringComparer.Ordinal))
            {
                File.SetUnixFileMode(target, (UnixFileMode)0x1ED); // 0755
            }
        }

        return copy;
    }

    // Everyone must be able to run them: builds and launches run as the build image's non-root user.
    private const UnixFileMode ExecutableByAll = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static bool IsNotExecutable(string file) =>
        !OperatingSystem.IsWindows() && File.Exists(file) && (File.GetUnixFileMode(file) & ExecutableByAll) != ExecutableByAll;
}
