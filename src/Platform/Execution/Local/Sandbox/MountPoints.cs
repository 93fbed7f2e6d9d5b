namespace Buildpacks.Platform.Execution.Local.Sandbox;

/// <summary>
/// Makes the mount points of a sandbox's mounts. bwrap mounts the root read-only, so it cannot make them itself: each is
/// made, empty, where the sandbox path lands on this machine: in the host directory of an earlier mount that holds it
/// (a binding inside <c>/platform</c>), else in the root file system (an empty directory or file where the image has
/// nothing changes no build). Mounts inside an in-memory directory get theirs from bwrap. Symlinks on the way are refused
/// rather than followed: inside these host directories an absolute link would lead out of them.
/// </summary>
public static class MountPoints
{
    /// <summary>Makes the mount point of each of <paramref name="mounts"/>, in order, under <paramref name="rootFileSystem"/> or an earlier mount.</summary>
    /// <exception cref="IOException">A mount point's path passes through a symlink, or cannot be made.</exception>
    public static void Prepare(string rootFileSystem, IReadOnlyList<SandboxMount> mounts)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootFileSystem);
        ArgumentNullException.ThrowIfNull(mounts);
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var holder = mounts.Take(i).LastOrDefault(earlier => Holds(earlier.SandboxPath, mount.SandboxPath));
            if (holder is { HostPath: null })
            {
                continue;
            }

            var (hostRoot, relative) = holder is { HostPath: { } hostPath }
                ? (hostPath, mount.SandboxPath[holder.SandboxPath.TrimEnd('/').Length..])
                : (rootFileSystem, mount.SandboxPath);
            Make(hostRoot, relative, mount);
        }
    }

    private static bool Holds(string outer, string inner) =>
        inner.StartsWith(outer.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static void Make(string hostRoot, string relative, SandboxMount mount)
    {
        var isFile = mount.HostPath is not null && File.Exists(mount.HostPath);
        var current = hostRoot;
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            current = Path.Combine(current, parts[i]);
            if (new FileInfo(current).LinkTarget is not null)
            {
                throw new IOException($"the sandbox cannot mount {mount.SandboxPath}: {current} is a symbolic link");
            }

            if (i == parts.Length - 1 && isFile)
            {
                if (!File.Exists(current))
                {
                    using var created = new FileStream(current, FileMode.OpenOrCreate, FileAccess.Write);
                }
            }
            else
            {
                Directory.CreateDirectory(current);
            }
        }
    }
}
