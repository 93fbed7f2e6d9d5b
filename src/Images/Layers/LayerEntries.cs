namespace Buildpacks.Images.Layers;

/// <summary>Makes the entries of a layer from what is on disk.</summary>
public static class LayerEntries
{
    private static readonly EnumerationOptions Children = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0, // dot files are "hidden" on Unix; a layer must keep them
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// The entries for everything under <paramref name="directory"/> (not the directory itself), in layer order. Modes
    /// are the files' own permission bits (so an executable stays 0755 and a data file 0644); symlinks keep their target
    /// verbatim and are never followed; files that share an inode become a file and hard links to it. On Windows, which
    /// has no Unix modes, directories get 0755 and files 0644. Sockets, fifos and devices are refused. The entries carry
    /// no owner: the writer's <see cref="LayerWriteOptions.Uid"/> and <see cref="LayerWriteOptions.Gid"/> decide it.
    /// </summary>
    public static IReadOnlyList<LayerEntry> FromDirectory(string directory) => FromDirectory(directory, preserveOwnership: false);

    /// <summary>
    /// As <see cref="FromDirectory(string)"/>; with <paramref name="preserveOwnership"/> every entry also carries its
    /// file's own uid and gid (as <c>lstat</c> reports them, so a symlink's own owner), for trees whose ownership is part
    /// of their meaning, such as an operating system's root filesystem (<c>/etc/shadow</c> is root:shadow, a home
    /// directory belongs to its user). Keeping owners needs <c>lstat</c>, so it works on 64-bit Linux only and throws
    /// <see cref="PlatformNotSupportedException"/> elsewhere rather than silently giving every file the writer's owner.
    /// </summary>
    public static IReadOnlyList<LayerEntry> FromDirectory(string directory, bool preserveOwnership)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The directory '{directory}' to make a layer from does not exist.");
        }

        if (preserveOwnership && !UnixFileSystem.IsSupported)
        {
            throw new PlatformNotSupportedException(
                $"Keeping the owners of the files in '{directory}' needs lstat, which this platform does not offer here (64-bit Linux only).");
        }

        var entries = new List<LayerEntry>();
        var firstPathOfInode = new Dictionary<(ulong Device, ulong Inode), string>();
        Walk(root, string.Empty, preserveOwnership, entries, firstPathOfInode);
        return entries;
    }

    private static void Walk(DirectoryInfo directory, string prefix, bool preserveOwnership, List<LayerEntry> entries, Dictionary<(ulong, ulong), string> firstPathOfInode)
    {
        // Children sorted by UTF-8 bytes, recursing as we go: the same order the writer sorts into, so the first path of
        // a hard-linked inode seen here is also the first written.
        var children = directory.EnumerateFileSystemInfos("*", Children).ToList();
        children.Sort((a, b) => LayerPath.CompareUtf8(a.Name, b.Name));
        foreach (var child in children)
        {
            var path = prefix + child.Name;
            var identity = UnixFileSystem.TryGetIdentity(child.FullName);
            if (identity is { IsSocket: true })
            {
                // A socket is a running process's, not content: left out, as the reference lifecycle's archive does
                // (archive/archive.go), so that a build tool's daemon socket in a layer or the app does not fail the export.
                continue;
            }

            if (preserveOwnership && identity is null)
            {
                // Gone since it was listed, or unreadable: its owner cannot be known, and guessing would be wrong.
                throw new LayerSourceException(child.FullName, "its owner cannot be read (lstat failed)");
            }

            var entry = child.LinkTarget is { } target
                ? LayerEntry.Symlink(path, target)
                : child is DirectoryInfo
                    ? LayerEntry.Directory(path, ModeOf(child, LayerModes.Directory))
                    : FileEntry(child, identity, path, firstPathOfInode);
            entries.Add(preserveOwnership ? entry with { Uid = OwnerId(child, identity!.Value.Uid), Gid = OwnerId(child, identity.Value.Gid) } : entry);
            if (entry.Type == LayerEntryType.Directory)
            {
                Walk((DirectoryInfo)child, path + "/", preserveOwnership, entries, firstPathOfInode);
            }
        }
    }

    private static LayerEntry FileEntry(FileSystemInfo file, FileIdentity? identity, string path, Dictionary<(ulong, ulong), string> firstPathOfInode)
    {
        if (identity is { } known)
        {
            if (!known.IsRegularFile)
            {
                throw new LayerSourceException(file.FullName, "it is not a regular file, directory or symlink");
            }

            if (known.LinkCount > 1)
            {
                if (firstPathOfInode.TryGetValue((known.Device, known.Inode), out var first))
                {
                    return LayerEntry.Hardlink(path, first);
                }

                firstPathOfInode[(known.Device, known.Inode)] = path;
            }
        }

        return LayerEntry.File(path, LayerEntryContent.FromFile(file.FullName), ModeOf(file, LayerModes.File));
    }

    private static int OwnerId(FileSystemInfo file, uint id) =>
        id <= int.MaxValue ? (int)id : throw new LayerSourceException(file.FullName, $"its owner or group id {id} is larger than a layer entry can hold");

    private static UnixFileMode ModeOf(FileSystemInfo info, UnixFileMode windowsDefault) =>
        OperatingSystem.IsWindows() ? windowsDefault : info.UnixFileMode & LayerModes.TarBits;
}
