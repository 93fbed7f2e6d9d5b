namespace Buildpacks.Images.Layers;

/// <summary>
/// Where the bytes of a regular file in a layer come from. The writer asks for the length before the header and
/// then streams the content once, so a file on disk is never loaded into memory.
/// </summary>
public abstract class LayerEntryContent
{
    /// <summary>Content read from a file on disk when the layer is written.</summary>
    public static LayerEntryContent FromFile(string path) => new FileEntryContent(path);

    /// <summary>Content held in memory (small generated files: TOML, scripts, test data).</summary>
    public static LayerEntryContent FromBytes(ReadOnlyMemory<byte> bytes) => new BytesEntryContent(bytes);

    /// <summary>UTF-8 text content.</summary>
    public static LayerEntryContent FromText(string text) => new BytesEntryContent(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Opens the content for one sequential read; the stream's <see cref="Stream.Length"/> is the entry size.</summary>
    public abstract Stream Open();

    /// <summary>What the content is, for errors.</summary>
    public abstract string Description { get; }

    /// <summary>The file the content is read from, or null for content in memory.</summary>
    internal virtual string? FilePath => null;

    /// <summary>The content when it is in memory, or null for a file.</summary>
    internal virtual ReadOnlyMemory<byte>? Bytes => null;

    private sealed class FileEntryContent(string path) : LayerEntryContent
    {
        public override string Description => path;

        internal override string? FilePath => path;

        public override Stream Open() =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    private sealed class BytesEntryContent(ReadOnlyMemory<byte> bytes) : LayerEntryContent
    {
        public override string Description => $"{bytes.Length} bytes in memory";

        internal override ReadOnlyMemory<byte>? Bytes => bytes;

        public override Stream Open() =>
            System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(bytes.ToArray(), writable: false);
    }
}
