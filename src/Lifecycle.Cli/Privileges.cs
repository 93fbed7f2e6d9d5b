using System.Runtime.InteropServices;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The privilege check of the detector and builder: they never run as root (Platform API, "Build Phase" / "Detection";
/// lifecycle cmd: "refusing to run as root"), so buildpacks cannot touch what the platform owns.
/// </summary>
internal static partial class Privileges
{
    /// <summary>True when the effective user id is 0.</summary>
    public static bool IsRoot() => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
