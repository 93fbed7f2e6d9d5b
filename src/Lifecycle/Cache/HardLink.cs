using System.Runtime.InteropServices;

namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// Hard links, which .NET has no API for: reusing a cached layer links its committed tar into staging instead of copying
/// it (reference lifecycle <c>VolumeCache.ReuseLayer</c>). Callers copy when a link cannot be made.
/// </summary>
internal static class HardLink
{
    /// <summary>Creates the hard link <paramref name="link"/> to <paramref name="existing"/>; false when it cannot.</summary>
    public static bool TryCreate(string existing, string link)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return Link(existing, link) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);
}
