namespace Buildpacks.Platform.Execution.Local.Sandbox;

/// <summary>
/// Makes the mount points of a sandbox's mounts in its root file system. bwrap mounts the root read-only, so it
/// cannot make them itself; an empty directory or file where the image has nothing changes no build. Parents that are
/// symlinks are refused rather than followed: inside this host directory an absolute link would lead out of it.
/// </summary>
public static class MountPoints
{
    /// <summary>Makes the mount point of each of <paramref name="mounts"/> under <paramref name="rootFileSystem"/>.</summary>
    /// <exception cref="IOException">A mount point's path passes through a symlink, or cannot be made.</exception>
    public static void Prepare(string rootFileSystem, IEnumerable<SandboxMount> mounts)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFileSystem);
        ArgumentNullException.ThrowIfNull(mounts);
        foreach (var mount in mounts)
        {
            var isFile = File.Exists(mount.HostPath);
            var current = rootFileSystem;
            var parts = mount.SandboxPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < parts.Length; i++)
            {
                current = Path.Combine(current, parts[i]);
                var info = new FileInfo(current);
                if (info.LinkTarget is not null)
                {
                    throw new IOException($"the sandbox cannot mount {mount.SandboxPath}: {current} is a symbolic link in the builder's file system");
                }

                var last = i == parts.Length - 1;
                if (last && isFile)
                {
                    if (!File.Exists(current))
                    {
                        using var _ = new FileStream(current, FileMode.OpenOrCreate, FileAccess.Write);
                    }
                }
                else
                {
                    Directory.CreateDirectory(current);
                }
            }
        }
    }
}
