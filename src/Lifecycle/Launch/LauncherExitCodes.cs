namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// The launcher's own exit code. It only matters when the launcher fails before the process replaces it; after that
/// the exit code is the process's. Incompatible APIs keep the generic 11 and 12 (Platform API, "launcher", "Outputs").
/// </summary>
public static class LauncherExitCodes
{
    /// <summary>
    /// Any launch failure: unreadable metadata, unknown or ineligible process type, a failing exec.d executable, a
    /// command that cannot be found or executed. The spec reserves 80-89; the reference lifecycle uses 82.
    /// </summary>
    public const int LaunchFailed = 82;
}
