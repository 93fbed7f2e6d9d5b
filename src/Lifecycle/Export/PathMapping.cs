using Buildpacks.Images.Layers;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// Where a directory on disk lands in the image. Inside a build container the two are the same (<c>/layers</c> is
/// <c>/layers</c>), as in the reference lifecycle; a platform that runs the lifecycle on the host (our Local mode)
/// maps e.g. a temporary layers directory to <c>/layers</c> so the image does not carry host paths.
/// </summary>
/// <param name="HostRoot">The absolute directory on disk.</param>
/// <param name="ImageRoot">The absolute POSIX path it has in the image.</param>
public sealed record PathMapping(string HostRoot, string ImageRoot)
{
    /// <summary>A directory that keeps its own path in the image.</summary>
    public static PathMapping Identity(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return new PathMapping(full, full);
    }

    /// <summary>Whether the image path is the host path (then parents are written from a real stat, as lc does).</summary>
    public bool IsIdentity => HostRoot == ImageRoot;

    /// <summary>The image path of <paramref name="hostPath"/>, which must be <see cref="HostRoot"/> or under it.</summary>
    public string ToImage(string hostPath)
    {
        var relative = Path.GetRelativePath(HostRoot, hostPath);
        if (relative == ".")
        {
            return ImageRoot;
        }

        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException($"'{hostPath}' is not under '{HostRoot}'.", nameof(hostPath));
        }

        return ImageRoot.TrimEnd('/') + "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// The directory entries for every parent of <paramref name="hostPath"/>'s image path, outermost first
    /// (lifecycle layers/factory.go <c>parents</c>): with an identity mapping each from a real <c>stat</c> (mode and
    /// owner); otherwise parents that exist on disk (the root and below) take their mode from disk and the export
    /// owner, and those above the root are root-owned 0755 — they exist only in the image.
    /// </summary>
    public IReadOnlyList<LayerEntry> ParentEntries(string hostPath, int uid, int gid)
    {
        var imagePath = ToImage(hostPath);
        var entries = new List<LayerEntry>();
        var segments = imagePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rootDepth = ImageRoot.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        for (var depth = 1; depth < segments.Length; depth++)
        {
            var parentImagePath = "/" + string.Join('/', segments[..depth]);
            if (IsIdentity)
            {
                var owner = FileOwnership.TryGet(parentImagePath) ?? (0, 0);
                entries.Add(LayerEntry.Directory(parentImagePath, ModeOf(parentImagePath)) with { Uid = owner.Uid, Gid = owner.Gid });
            }
            else if (depth >= rootDepth)
            {
                var parentHostPath = Path.Combine([HostRoot, .. segments[rootDepth..depth]]);
                entries.Add(LayerEntry.Directory(parentImagePath, ModeOf(parentHostPath)) with { Uid = uid, Gid = gid });
            }
            else
            {
                entries.Add(LayerEntry.Directory(parentImagePath, LayerModes.Directory) with { Uid = 0, Gid = 0 });
            }
        }

        return entries;
    }

    /// <summary>The permission bits (plus setuid/setgid/sticky) of a directory on disk.</summary>
    public static UnixFileMode ModeOf(string directory) =>
        OperatingSystem.IsWindows() ? LayerModes.Directory : File.GetUnixFileMode(directory) & LayerModes.TarBits;
}
