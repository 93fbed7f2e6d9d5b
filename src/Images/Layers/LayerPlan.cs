namespace Buildpacks.Images.Layers;

/// <summary>
/// Turns the caller's entries and options into the exact headers of a layer, in write order: paths normalized and put
/// under the target directory, missing parent directories added, entries sorted, modes and ownership resolved, hard
/// links checked to point at a file written before them.
/// </summary>
internal static class LayerPlan
{
    /// <summary>One entry as it will be written: its header and, for regular files, its content.</summary>
    public sealed record PlannedEntry(LayerPath Path, TarHeader Header, LayerEntryContent? Content);

    public static IReadOnlyList<PlannedEntry> Create(IEnumerable<LayerEntry> entries, LayerWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(options);
        var mtime = ToUnixSeconds(options.ModificationTime);
        var target = LayerPath.Parse(options.TargetDirectory, allowEmpty: true);
        var parentUid = options.ParentDirectoryUid ?? options.Uid;
        var parentGid = options.ParentDirectoryGid ?? options.Gid;
        RequireId(options.Uid, "uid");
        RequireId(options.Gid, "gid");
        RequireId(parentUid, "parent directory uid");
        RequireId(parentGid, "parent directory gid");

        var byPath = new Dictionary<LayerPath, LayerEntry>();
        foreach (var entry in entries)
        {
            var path = LayerPath.Parse(entry.Path).Under(target);
            if (!byPath.TryAdd(path, entry))
            {
                throw new ArgumentException($"The layer has two entries for '{path}'.", nameof(entries));
            }
        }

        // Directories nobody listed (the target directory and parents of listed entries) get the parent settings.
        var implied = new HashSet<LayerPath>();
        foreach (var path in byPath.Keys.SelectMany(p => p.Ancestors()).Concat(target.Depth > 0 ? [target] : []).ToList())
        {
            if (byPath.TryGetValue(path, out var existing))
            {
                if (existing.Type != LayerEntryType.Directory)
                {
                    throw new ArgumentException($"The layer entry '{path}' is a {existing.Type} but other entries are under it.", nameof(entries));
                }
            }
            else if (implied.Add(path))
            {
                byPath[path] = LayerEntry.Directory(path.Value, options.ParentDirectoryMode) with { Uid = parentUid, Gid = parentGid };
            }
        }

        var ordered = byPath.OrderBy(pair => pair.Key).ToList();
        var fileModes = new Dictionary<LayerPath, long>();
        var planned = new List<PlannedEntry>(ordered.Count);
        foreach (var (path, entry) in ordered)
        {
            var uid = entry.Uid ?? options.Uid;
            var gid = entry.Gid ?? options.Gid;
            RequireId(uid, $"uid of '{path}'");
            RequireId(gid, $"gid of '{path}'");
            var header = entry.Type switch
            {
                LayerEntryType.Directory => new TarHeader(
                    MemberName(path, directory: true, options.Naming),
                    TarHeader.Directory,
                    ModeBits(implied.Contains(path) ? entry.Mode : options.DirectoryMode ?? entry.Mode, LayerModes.Directory),
                    uid,
                    gid,
                    0,
                    mtime,
                    string.Empty),
                LayerEntryType.File => new TarHeader(
                    MemberName(path, directory: false, options.Naming),
                    TarHeader.RegularFile,
                    ModeBits(options.FileMode ?? entry.Mode, LayerModes.File),
                    uid,
                    gid,
                    0,
                    mtime,
                    string.Empty),
                LayerEntryType.Symlink => new TarHeader(
                    MemberName(path, directory: false, options.Naming),
                    TarHeader.SymbolicLink,
                    ModeBits(entry.Mode, LayerModes.Symlink),
                    uid,
                    gid,
                    0,
                    mtime,
                    RequireLinkTarget(entry, path)),
                LayerEntryType.Hardlink => HardlinkHeader(entry, path, target, fileModes, options, uid, gid, mtime),
                _ => throw new ArgumentException($"Unknown layer entry type {entry.Type} for '{path}'.", nameof(entries)),
            };

            if (entry.Type == LayerEntryType.File)
            {
                if (entry.Content is null)
                {
                    throw new ArgumentException($"The file entry '{path}' has no content.", nameof(entries));
                }

                fileModes[path] = header.Mode;
            }

            planned.Add(new PlannedEntry(path, header, entry.Type == LayerEntryType.File ? entry.Content : null));
        }

        return planned;
    }

    /// <summary>The member name as stored, in the chosen <see cref="LayerEntryNaming"/>.</summary>
    public static string MemberName(LayerPath path, bool directory, LayerEntryNaming naming) => naming switch
    {
        LayerEntryNaming.Absolute => "/" + path.Value,
        _ => directory ? path.Value + "/" : path.Value,
    };

    /// <summary>Go's <c>archive/tar</c> rounds times to the nearest second when the format is unspecified.</summary>
    private static long ToUnixSeconds(DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        var seconds = (long)Math.Round(milliseconds / 1000.0, MidpointRounding.AwayFromZero);
        return seconds is >= 0 and < 1L << 33
            ? seconds
            : throw new ArgumentOutOfRangeException(nameof(time), time, "Layer entry times must lie between 1970 and 2242.");
    }

    private static long ModeBits(UnixFileMode? mode, UnixFileMode fallback) => (long)((mode ?? fallback) & LayerModes.TarBits);

    private static TarHeader HardlinkHeader(
        LayerEntry entry,
        LayerPath path,
        LayerPath target,
        Dictionary<LayerPath, long> fileModes,
        LayerWriteOptions options,
        int uid,
        int gid,
        long mtime)
    {
        var linked = LayerPath.Parse(RequireLinkTarget(entry, path)).Under(target);
        if (!fileModes.TryGetValue(linked, out var mode))
        {
            throw new ArgumentException(
                $"The hard link '{path}' points at '{linked}', which is not a regular file written before it in the layer.");
        }

        // A hard link shares its target's inode, so it shows the target's mode (as GNU tar and Go write it).
        return new TarHeader(
            MemberName(path, directory: false, options.Naming),
            TarHeader.HardLink,
            mode,
            uid,
            gid,
            0,
            mtime,
            MemberName(linked, directory: false, options.Naming));
    }

    private static string RequireLinkTarget(LayerEntry entry, LayerPath path) =>
        string.IsNullOrEmpty(entry.LinkTarget)
            ? throw new ArgumentException($"The link entry '{path}' has no target.")
            : entry.LinkTarget;

    private static void RequireId(int id, string what)
    {
        if (id < 0)
        {
            throw new ArgumentOutOfRangeException(what, id, $"The {what} must not be negative.");
        }
    }
}
