namespace Buildpacks.Images.Layers;

/// <summary>
/// One entry to put in a layer: a path inside the layer (relative, '/'-separated, e.g. <c>app/run.sh</c>), its kind,
/// mode, ownership and content. Unset mode and ownership fall back to <see cref="LayerWriteOptions"/>.
/// </summary>
public sealed record LayerEntry
{
    /// <summary>The path inside the layer, relative to <see cref="LayerWriteOptions.TargetDirectory"/>, '/'-separated.</summary>
    public required string Path { get; init; }

    /// <summary>What the entry is.</summary>
    public required LayerEntryType Type { get; init; }

    /// <summary>Permission bits (plus setuid/setgid/sticky); null means 0644 for files, 0755 for directories.</summary>
    public UnixFileMode? Mode { get; init; }

    /// <summary>Owner; null means <see cref="LayerWriteOptions.Uid"/>.</summary>
    public int? Uid { get; init; }

    /// <summary>Group; null means <see cref="LayerWriteOptions.Gid"/>.</summary>
    public int? Gid { get; init; }

    /// <summary>
    /// For a symlink, its target exactly as it will be stored. For a hard link, the <see cref="Path"/> of the regular
    /// file entry it links to (written earlier in the layer).
    /// </summary>
    public string? LinkTarget { get; init; }

    /// <summary>The bytes of a regular file.</summary>
    public LayerEntryContent? Content { get; init; }

    /// <summary>A directory entry.</summary>
    public static LayerEntry Directory(string path, UnixFileMode? mode = null) =>
        new() { Path = path, Type = LayerEntryType.Directory, Mode = mode };

    /// <summary>A regular file entry.</summary>
    public static LayerEntry File(string path, LayerEntryContent content, UnixFileMode? mode = null) =>
        new() { Path = path, Type = LayerEntryType.File, Content = content, Mode = mode };

    /// <summary>A regular file holding UTF-8 <paramref name="text"/>.</summary>
    public static LayerEntry TextFile(string path, string text, UnixFileMode? mode = null) =>
        File(path, LayerEntryContent.FromText(text), mode);

    /// <summary>A symbolic link to <paramref name="target"/>, stored verbatim.</summary>
    public static LayerEntry Symlink(string path, string target) =>
        new() { Path = path, Type = LayerEntryType.Symlink, LinkTarget = target };

    /// <summary>A hard link to the file entry at <paramref name="targetPath"/> in the same layer.</summary>
    public static LayerEntry Hardlink(string path, string targetPath) =>
        new() { Path = path, Type = LayerEntryType.Hardlink, LinkTarget = targetPath };

    /// <summary>
    /// An OCI whiteout: hides <paramref name="path"/> of the layers below (an empty file named <c>.wh.&lt;name&gt;</c>,
    /// OCI image spec, layer.md "Whiteouts").
    /// </summary>
    public static LayerEntry Whiteout(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return File(trimmed[..(slash + 1)] + WhiteoutNames.Prefix + trimmed[(slash + 1)..], LayerEntryContent.FromBytes(ReadOnlyMemory<byte>.Empty));
    }

    /// <summary>An OCI opaque whiteout: hides everything the layers below have under <paramref name="directory"/>.</summary>
    public static LayerEntry OpaqueWhiteout(string directory) =>
        File(directory.TrimEnd('/') + "/" + WhiteoutNames.Opaque, LayerEntryContent.FromBytes(ReadOnlyMemory<byte>.Empty));
}
