using System.Runtime.InteropServices;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The owner of a directory on disk. The reference lifecycle writes the parents of every exported directory
/// (<c>/layers</c>, <c>/layers/&lt;bp&gt;</c>, the app dir's parents) from a real <c>stat</c>, owner included
/// (lifecycle layers/factory.go <c>parents</c>); .NET has no API for a file's uid/gid, so this asks libc.
/// </summary>
internal static class FileOwnership
{
    private const int StatBufferSize = 256;

    /// <summary>The uid and gid of <paramref name="path"/> (following symlinks); null where unsupported.</summary>
    public static (int Uid, int Gid)? TryGet(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }

        var buffer = new byte[StatBufferSize];
        try
        {
            if (Stat(path, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // glibc before 2.33 exports only __xstat: such hosts write parents as root-owned.
            return null;
        }

        // struct stat on 64-bit Linux: x64 has dev, ino, an 8-byte nlink, mode, uid, gid; arm64 (the generic layout)
        // has dev, ino, mode, a 4-byte nlink, uid, gid.
        var uidOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 28 : 24;
        return (BitConverter.ToInt32(buffer, uidOffset), BitConverter.ToInt32(buffer, uidOffset + 4));
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
}
