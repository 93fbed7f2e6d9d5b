namespace Buildpacks.Images.Layers;

/// <summary>
/// Maps layer paths to paths under the destination directory as if it were the root of a file system: existing
/// symlinks along the way are followed by us, not by the OS, with <c>..</c> and absolute targets kept inside the
/// destination, so no write can go through a symlink to somewhere outside it.
/// </summary>
internal sealed class ExtractionRoot(string root, bool allowAbsoluteSymlinks)
{
    // Linux gives up after 40 symlinks in one lookup (ELOOP); so do we.
    private const int MaxSymlinkHops = 40;

    /// <summary>The destination directory, a full path.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The host path of already resolved segments (no symlinks left in them).</summary>
    public string HostPath(IReadOnlyList<string> resolved) =>
        resolved.Count == 0 ? Root : Path.Combine(Root, string.Join(Path.DirectorySeparatorChar, resolved));

    /// <summary>
    /// Resolves the directory <paramref name="segments"/> name, following symlinks inside the root. Missing directories
    /// are created (0755) when <paramref name="create"/>, else null is returned.
    /// </summary>
    public List<string>? ResolveDirectory(IReadOnlyList<string> segments, string entryName, bool create)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(segments.Reverse());
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (resolved.Count == 0)
                {
                    throw new UnsafeLayerEntryException(entryName, "a symlink on its path leads above the destination");
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var host = Path.Combine(HostPath(resolved), segment);
            var info = new FileInfo(host);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxSymlinkHops)
                {
                    throw new LayerExtractionException(entryName, "its path has a symlink loop");
                }

                if (target.StartsWith('/'))
                {
                    if (!allowAbsoluteSymlinks)
                    {
                        throw new UnsafeLayerEntryException(entryName, $"its path goes through the symlink '{host}' to the absolute path '{target}'");
                    }

                    resolved.Clear();
                }

                foreach (var part in Enumerable.Reverse(target.Split('/')))
                {
                    pending.Push(part);
                }

                continue;
            }

            if (info.Exists)
            {
                throw new LayerExtractionException(entryName, $"'{host}' on its path is a file, not a directory");
            }

            if (!Directory.Exists(host))
            {
                if (!create)
                {
                    return null;
                }

                Directory.CreateDirectory(host);
            }

            resolved.Add(segment);
        }

        return resolved;
    }

    /// <summary>
    /// Refuses a symlink at <paramref name="linkDirectory"/> whose target would lead outside the root: relative targets
    /// that climb above it, and absolute targets unless allowed.
    /// </summary>
    public void RequireSymlinkInside(IReadOnlyList<string> linkDirectory, string target, string entryName)
    {
        if (target.StartsWith('/'))
        {
            if (!allowAbsoluteSymlinks)
            {
                throw new UnsafeLayerEntryException(entryName, $"it is a symlink to the absolute path '{target}'");
            }

            return;
        }

        var depth = linkDirectory.Count;
        foreach (var part in target.Split('/'))
        {
            depth += part switch { "" or "." => 0, ".." => -1, _ => 1 };
            if (depth < 0)
            {
                throw new UnsafeLayerEntryException(entryName, $"it is a symlink to '{target}', which leads above the destination");
            }
        }
    }
}
