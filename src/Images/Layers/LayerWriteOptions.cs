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
    /// The level used unless told otherwise: Fastest, which is also what go-containerregistry (so imgutil and the CNB
    /// lifecycle) uses by default (gzip.BestSpeed). Measured on a 110 MB self-contained-style publish directory (the
    /// .NET and ASP.NET Core shared frameworks), .NET 10 on this project's CI machine: Fastest 4.0 s → 60.3 MB (55%),
    /// Optimal 9.8 s → 49.2 MB (45%), SmallestSize 16.6 s → 47.4 MB. A layer is written on every publish and is often
    /// only sent over loopback or to a daemon; 2.4× less time is worth a blob a fifth larger.
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
