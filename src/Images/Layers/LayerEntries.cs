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
    /// has no Unix modes, directories get 0755 and files 0644. Sockets, fifos and devices are refused.
    /// </summary>
    public static IReadOnlyList<LayerEntry> FromDirectory(string directory)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The directory '{directory}' to make a layer from does not exist.");
        }

        var entries = new List<LayerEntry>();
        var firstPathOfInode = new Dictionary<(ulong Device, ulong Inode), string>();
        Walk(root, string.Empty, entries, firstPathOfInode);
        return entries;
    }

    private static void Walk(DirectoryInfo directory, string prefix, List<LayerEntry> entries, Dictionary<(ulong, ulong), string> firstPathOfInode)
    {
        // Children sorted by UTF-8 bytes, recursing as we go: the same order the writer sorts into, so the first path of
        // a hard-linked inode seen here is also the first written.
        var children = directory.EnumerateFileSystemInfos("*", Children).ToList();
        children.Sort((a, b) => LayerPath.CompareUtf8(a.Name, b.Name));
        foreach (var child in children)
        {
            var path = prefix + child.Name;
            if (child.LinkTarget is { } target)
            {
                entries.Add(LayerEntry.Symlink(path, target));
            }
            else if (child is DirectoryInfo subdirectory)
            {
                entries.Add(LayerEntry.Directory(path, ModeOf(child, LayerModes.Directory)));
                Walk(subdirectory, path + "/", entries, firstPathOfInode);
            }
            else
            {
                entries.Add(FileEntry(child, path, firstPathOfInode));
            }
        }
    }

    private static LayerEntry FileEntry(FileSystemInfo file, string path, Dictionary<(ulong, ulong), string> firstPathOfInode)
    {
        if (UnixFileSystem.TryGetIdentity(file.FullName) is { } identity)
        {
            if (!identity.IsRegularFile)
            {
                throw new LayerSourceException(file.FullName, "it is not a regular file, directory or symlink");
            }

            if (identity.LinkCount > 1)
            {
                if (firstPathOfInode.TryGetValue((identity.Device, identity.Inode), out var first))
                {
                    return LayerEntry.Hardlink(path, first);
                }

                firstPathOfInode[(identity.Device, identity.Inode)] = path;
            }
        }

        return LayerEntry.File(path, LayerEntryContent.FromFile(file.FullName), ModeOf(file, LayerModes.File));
    }

    private static UnixFileMode ModeOf(FileSystemInfo info, UnixFileMode windowsDefault) =>
        OperatingSystem.IsWindows() ? windowsDefault : info.UnixFileMode & LayerModes.TarBits;
}
