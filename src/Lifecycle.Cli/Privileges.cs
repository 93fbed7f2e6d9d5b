using System.Runtime.InteropServices;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The privilege calls of the lifecycle, straight to libc (NativeAOT-safe): the root check of the detector and builder,
/// which never run as root (Platform API, "Build Phase" / "Detection"; lifecycle cmd: "refusing to run as root"), so
/// buildpacks cannot touch what the platform owns; and the drop to the build user of the phases that may start as root
/// (lifecycle priv/user_linux.go: chown, then setresgid before setresuid, since a process that gave up uid 0 can no
/// longer change its groups). glibc applies the set*id calls to every thread of the process.
/// </summary>
internal sealed partial class Privileges : IUserSwitch
{
    /// <summary>The real process.</summary>
    public static Privileges Process { get; } = new();

    /// <summary>True when the effective user id is 0.</summary>
    public static bool IsRoot() => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    /// <inheritdoc />
    public int CurrentUserId => (int)GetUserId();

    /// <inheritdoc />
    public int CurrentGroupId => (int)GetGroupId();

    /// <summary>
    /// The owner of <paramref name="path"/> (not following a symlink), or null when it cannot be read. <c>struct stat</c>
    /// is read at the offsets of the 64-bit Linux ABIs, the only ones this executable is built for.
    /// </summary>
    public static (int Uid, int Gid)? OwnerOf(string path)
    {
        var (uidOffset, gidOffset) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (28, 32),
            Architecture.Arm64 => (24, 28),
            _ => (-1, -1),
        };
        Span<byte> stat = stackalloc byte[256];
        if (uidOffset < 0 || LStat(path, ref MemoryMarshal.GetReference(stat)) != 0)
        {
            return null;
        }

        return (BitConverter.ToInt32(stat[uidOffset..]), BitConverter.ToInt32(stat[gidOffset..]));
    }

    /// <inheritdoc />
    public void EnsureOwner(string directory, int uid, int gid)
    {
        // lifecycle priv.EnsureOwner: a directory the build user already owns is left alone (a large cache is not walked).
        if (OwnerOf(directory) == (uid, gid))
        {
            return;
        }

        Chown(directory, uid, gid);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", options))
        {
            Chown(entry, uid, gid);
        }
    }

    /// <inheritdoc />
    public void RunAs(int uid, int gid, IReadOnlyList<int> supplementaryGroups)
    {
        var groups = supplementaryGroups.Select(g => (uint)g).ToArray();
        Check(SetGroups((nuint)groups.Length, groups), "setgroups");
        Check(SetResGid((uint)gid, (uint)gid, (uint)gid), "setresgid");
        Check(SetResUid((uint)uid, (uint)uid, (uint)uid), "setresuid");
    }

    private static void Chown(string path, int uid, int gid) =>
        Check(LChown(path, (uint)uid, (uint)gid), $"chown {path}");

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new LifecycleException(LifecycleExitCodes.Failed, $"{what}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUserId();

    [LibraryImport("libc", EntryPoint = "getgid")]
    private static partial uint GetGroupId();

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LChown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LStat(string path, ref byte stat);

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    private static partial int SetGroups(nuint size, uint[] groups);

    [LibraryImport("libc", EntryPoint = "setresgid", SetLastError = true)]
    private static partial int SetResGid(uint rgid, uint egid, uint sgid);

    [LibraryImport("libc", EntryPoint = "setresuid", SetLastError = true)]
    private static partial int SetResUid(uint ruid, uint euid, uint suid);
}
