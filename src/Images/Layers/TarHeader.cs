namespace Buildpacks.Images.Layers;

/// <summary>The fields of one tar header as the writer encodes them; times in Unix seconds.</summary>
/// <param name="Name">The member name exactly as stored.</param>
/// <param name="TypeFlag">The ustar type flag ('0', '1', '2', '5').</param>
/// <param name="Mode">The mode bits (07777 at most).</param>
/// <param name="Uid">The owner.</param>
/// <param name="Gid">The group.</param>
/// <param name="Size">The content length (0 for everything but regular files).</param>
/// <param name="ModificationTime">Seconds since the Unix epoch.</param>
/// <param name="LinkName">The link target for symlinks and hard links, else empty.</param>
internal readonly record struct TarHeader(
    string Name,
    byte TypeFlag,
    long Mode,
    long Uid,
    long Gid,
    long Size,
    long ModificationTime,
    string LinkName)
{
    public const byte RegularFile = (byte)'0';
    public const byte HardLink = (byte)'1';
    public const byte SymbolicLink = (byte)'2';
    public const byte Directory = (byte)'5';
    public const byte PaxExtendedHeader = (byte)'x';
}
