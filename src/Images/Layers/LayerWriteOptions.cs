using System.IO.Compression;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Layers;

/// <summary>
/// How a layer is written. The defaults give a reproducible layer: fixed time, root ownership, modes from the files'
/// own permission bits, gzip with a fixed header.
/// </summary>
public sealed record LayerWriteOptions
{
    /// <summary>
    /// 1980-01-01T00:00:01Z: the time the CNB lifecycle (archive/writer.go) and imgutil give every entry. Not the Unix
    /// epoch because some tools (zip-based ones, old Windows APIs) reject times before 1980.
    /// </summary>
    public static readonly DateTimeOffset DefaultModificationTime = new(1980, 1, 1, 0, 0, 1, TimeSpan.Zero);

    /// <summary>
    /// The level used unless told otherwise. Fastest: on a .NET publish directory it was several times faster than
    /// Optimal for a blob only slightly larger (figures in docs/ and the issue note); layers are written on every
    /// publish, pulled rarely.
    /// </summary>
    public const CompressionLevel DefaultCompressionLevel = CompressionLevel.Fastest;

    /// <summary>The modification time of every entry (whole seconds; e.g. from <c>SOURCE_DATE_EPOCH</c>).</summary>
    public DateTimeOffset ModificationTime { get; init; } = DefaultModificationTime;

    /// <summary>The owner of entries that do not set their own.</summary>
    public int Uid { get; init; }

    /// <summary>The group of entries that do not set their own.</summary>
    public int Gid { get; init; }

    /// <summary>When set, every regular file gets this mode instead of its own.</summary>
    public UnixFileMode? FileMode { get; init; }

    /// <summary>When set, every directory gets this mode instead of its own.</summary>
    public UnixFileMode? DirectoryMode { get; init; }

    /// <summary>
    /// The directory inside the layer the entries go under, e.g. <c>/workspace</c>; empty for the layer root. Its
    /// components are written as directory entries with <see cref="ParentDirectoryMode"/> and parent ownership.
    /// </summary>
    public string TargetDirectory { get; init; } = string.Empty;

    /// <summary>The mode of directories the writer adds: <see cref="TargetDirectory"/> and any parent no entry names.</summary>
    public UnixFileMode ParentDirectoryMode { get; init; } = LayerModes.Directory;

    /// <summary>The owner of directories the writer adds; null means <see cref="Uid"/>.</summary>
    public int? ParentDirectoryUid { get; init; }

    /// <summary>The group of directories the writer adds; null means <see cref="Gid"/>.</summary>
    public int? ParentDirectoryGid { get; init; }

    /// <summary>How entry names are spelled.</summary>
    public LayerEntryNaming Naming { get; init; } = LayerEntryNaming.Relative;

    /// <summary>
    /// The blob's media type: <see cref="MediaTypes.OciLayerGzip"/> (default), <see cref="MediaTypes.DockerLayerGzip"/>,
    /// or <see cref="MediaTypes.OciLayer"/> for an uncompressed tar.
    /// </summary>
    public string MediaType { get; init; } = MediaTypes.OciLayerGzip;

    /// <summary>The gzip level; see <see cref="DefaultCompressionLevel"/>.</summary>
    public CompressionLevel CompressionLevel { get; init; } = DefaultCompressionLevel;
}
