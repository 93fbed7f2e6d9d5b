using System.Formats.Tar;

namespace Buildpacks.Images.Layers;

/// <summary>One entry of a layer as its tar header describes it.</summary>
/// <param name="Name">The member name exactly as stored (long names already resolved from PAX or GNU records).</param>
/// <param name="Type">The tar entry type.</param>
/// <param name="Mode">The mode bits.</param>
/// <param name="Uid">The owner.</param>
/// <param name="Gid">The group.</param>
/// <param name="UserName">The owner's name, usually empty in image layers.</param>
/// <param name="GroupName">The group's name, usually empty in image layers.</param>
/// <param name="ModificationTime">The modification time.</param>
/// <param name="Length">The content length (0 but for regular files).</param>
/// <param name="LinkName">The symlink target or hard link target member name; empty otherwise.</param>
public sealed record LayerEntryInfo(
    string Name,
    TarEntryType Type,
    UnixFileMode Mode,
    int Uid,
    int Gid,
    string UserName,
    string GroupName,
    DateTimeOffset ModificationTime,
    long Length,
    string LinkName)
{
    /// <summary>Whether the entry is a regular file.</summary>
    public bool IsRegularFile => Type is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;
}
