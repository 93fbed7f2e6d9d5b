namespace Buildpacks.Platform.Tests.Support;

/// <summary>
/// Stand-ins for the lifecycle binaries (copies of busybox named lifecycle and launcher): the builder only carries them,
/// so any executable will do until the NativeAOT lifecycle is built.
/// </summary>
internal static class LifecycleStandIn
{
    public static string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in new[] { "lifecycle", "launcher" })
        {
            File.Copy("/bin/busybox", Path.Combine(directory, name), overwrite: true);
            File.SetUnixFileMode(Path.Combine(directory, name), (UnixFileMode)0x1ED); // 0755
        }

        return directory;
    }
}
