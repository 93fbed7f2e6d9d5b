using System.Formats.Tar;
using System.IO.Compression;

namespace Buildpacks.Images.Layers;

/// <summary>
/// Reads a layer's entries one by one from a stream, gzip-compressed or not (told apart by the gzip magic bytes), never
/// holding more than one entry's header in memory. Reading, unlike writing, can use System.Formats.Tar: it understands
/// ustar, PAX and GNU long names, whatever tool wrote the layer.
/// </summary>
public sealed class LayerReader : IAsyncDisposable, IDisposable
{
    private readonly Stream _decompressed;
    private readonly TarReader _tar;
    private TarEntry? _current;

    private LayerReader(Stream decompressed)
    {
        _decompressed = decompressed;
        _tar = new TarReader(decompressed, leaveOpen: true);
    }

    /// <summary>
    /// Starts reading the layer in <paramref name="layer"/> (a plain or gzip tar). The reader owns the stream unless
    /// <paramref name="leaveOpen"/>.
    /// </summary>
    public static async Task<LayerReader> OpenAsync(Stream layer, bool leaveOpen = false, CancellationToken cancellationToken = default) =>
        new(await OpenTarAsync(layer, leaveOpen, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The tar stream of a layer read from <paramref name="layer"/>: decompressed when it starts with gzip's magic
    /// bytes, else as it is.
    /// </summary>
    public static async Task<Stream> OpenTarAsync(Stream layer, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var magic = new byte[2];
        var read = 0;
        while (read < magic.Length)
        {
            var n = await layer.ReadAsync(magic.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        Stream replayed = new PrefixedReadStream(magic, read, layer, leaveOpen);
        var gzip = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        return gzip ? new GZipStream(replayed, CompressionMode.Decompress, leaveOpen: false) : replayed;
    }

    /// <summary>Starts reading the layer file at <paramref name="path"/>.</summary>
    public static Task<LayerReader> OpenFileAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan),
            leaveOpen: false,
            cancellationToken);

    /// <summary>Every entry of the layer file at <paramref name="path"/>, in archive order.</summary>
    public static async Task<IReadOnlyList<LayerEntryInfo>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        var reader = await OpenFileAsync(path, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var entries = new List<LayerEntryInfo>();
            while (await reader.NextEntryAsync(cancellationToken).ConfigureAwait(false) is { } entry)
            {
                entries.Add(entry);
            }

            return entries;
        }
    }

    /// <summary>
    /// The content of the entry last returned by <see cref="NextEntryAsync"/>, readable until the next call; null for
    /// entries without content.
    /// </summary>
    public Stream? CurrentContent => _current?.DataStream;

    /// <summary>Moves to the next entry; null at the end of the layer. PAX global headers are skipped.</summary>
    public async Task<LayerEntryInfo?> NextEntryAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            do
            {
                _current = await _tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
            }
            while (_current?.EntryType == TarEntryType.GlobalExtendedAttributes);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new LayerFormatException($"The layer is not a valid tar{(_decompressed is GZipStream ? ".gz" : string.Empty)}: {e.Message}", e);
        }

        if (_current is null)
        {
            return null;
        }

        var posix = _current as PosixTarEntry;
        return new LayerEntryInfo(
            _current.Name,
            _current.EntryType,
            _current.Mode,
            _current.Uid,
            _current.Gid,
            posix?.UserName ?? string.Empty,
            posix?.GroupName ?? string.Empty,
            _current.ModificationTime,
            _current.Length,
            _current.LinkName ?? string.Empty);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _tar.DisposeAsync().ConfigureAwait(false);
        await _decompressed.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _tar.Dispose();
        _decompressed.Dispose();
    }
}
