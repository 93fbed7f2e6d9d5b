using System.Runtime.InteropServices;

namespace Buildpacks.Images.Layers;

/// <summary>
/// The few POSIX calls .NET has no API for: a file's inode (to find hard links) and owner, creating a hard link, and
/// changing a link's owner. Only on 64-bit Linux (x64, arm64), where <c>struct stat</c> starts with 8-byte <c>st_dev</c> and
/// <c>st_ino</c> in glibc and musl alike; elsewhere the callers fall back (no hard link detection, copies, no chown).
/// </summary>
internal static partial class UnixFileSystem
{
    private const int StatBufferSize = 256;
    private const uint FileTypeMask = 0xF000;

    /// <summary>The <c>S_IFMT</c> bits of a regular file.</summary>
    public const uint RegularFileType = 0x8000;

    /// <summary>Whether the calls here work on this machine.</summary>
    public static bool IsSupported { get; } =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64 && Probe();

    /// <summary>A file's identity and kind without following a final symlink; null when unsupported or failed.</summary>
    public static FileIdentity? TryGetIdentity(string path)
    {
        if (!IsSupported)
        {
            return null;
        }

        var buffer = new byte[StatBufferSize];
        if (LStat(path, buffer) != 0)
        {
            return null;
        }

        var dev = BitConverter.ToUInt64(buffer, 0);
        var ino = BitConverter.ToUInt64(buffer, 8);

        // After dev and ino the layouts differ: x64 has an 8-byte nlink then mode; arm64 (the generic layout) has mode then a
        // 4-byte nlink. Both then have the 4-byte uid and gid.
        uint mode;
        ulong links;
        int owner;
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            links = BitConverter.ToUInt64(buffer, 16);
            mode = BitConverter.ToUInt32(buffer, 24);
            owner = 28;
        }
        else
        {
            mode = BitConverter.ToUInt32(buffer, 16);
            links = BitConverter.ToUInt32(buffer, 20);
            owner = 24;
        }

        var uid = BitConverter.ToUInt32(buffer, owner);
        var gid = BitConverter.ToUInt32(buffer, owner + 4);
        return new FileIdentity(dev, ino, links, mode & FileTypeMask, uid, gid);
    }

    /// <summary>Creates the hard link <paramref name="link"/> to <paramref name="existing"/>; false when it cannot.</summary>
    public static bool TryCreateHardLink(string existing, string link) => IsSupported && Link(existing, link) == 0;

    /// <summary>Sets the owner of <paramref name="path"/> without following a final symlink; false when it cannot.</summary>
    public static bool TrySetOwner(string path, int uid, int gid) => IsSupported && LChown(path, uid, gid) == 0;

    private static bool Probe()
    {
        try
        {
            return LStat("/", new byte[StatBufferSize]) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // glibc before 2.33 exports only __lxstat; such hosts lose hard link detection, nothing else.
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    private static extern int LChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int uid, int gid);
}

/// <summary>
/// What <c>lstat</c> says about a file: the device and inode that identify it, its link count, its type bits and its owner.
/// </summary>
/// <param name="Device">st_dev.</param>
/// <param name="Inode">st_ino.</param>
/// <param name="LinkCount">st_nlink.</param>
/// <param name="FileType">st_mode &amp; S_IFMT.</param>
/// <param name="Uid">st_uid.</param>
/// <param name="Gid">st_gid.</param>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, ulong LinkCount, uint FileType, uint Uid, uint Gid)
{
    /// <summary>Whether the file is a regular file (not a fifo, socket or device).</summary>
    public bool IsRegularFile => FileType == UnixFileSystem.RegularFileType;

    /// <summary>Whether the file is a Unix domain socket (<c>S_IFSOCK</c>).</summary>
    public bool IsSocket => FileType == 0xC000;
}
