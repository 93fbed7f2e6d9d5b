namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// The regular files of a tar archive on disk and where their bytes start, from one pass over the headers (data is
/// skipped by seeking, not read). Any entry can then be opened as its own stream without extracting the archive.
/// </summary>
internal sealed class TarIndex
{
    private readonly Dictionary<string, (long Offset, long Length)> _files;

    private TarIndex(string archivePath, Dictionary<string, (long Offset, long Length)> files)
    {
        ArchivePath = archivePath;
        _files = files;
    }

    public string ArchivePath { get; }

    public IEnumerable<string> Names => _files.Keys;

    /// <summary>Scans the headers of the archive at <paramref name="archivePath"/>.</summary>
    public static async Task<TarIndex> ReadAsync(string archivePath, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
        var magic = new byte[2];
        if (await stream.ReadAsync(magic, cancellationToken).ConfigureAwait(false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            throw new ImageArchiveException($"The image archive {archivePath} is gzip-compressed; decompress it first (gunzip), so that its layers can be read without extracting it.");
        }

        stream.Position = 0;
        try
        {
            return new TarIndex(archivePath, await TarHeaderScanner.ScanAsync(stream, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new ImageArchiveException($"{archivePath} is not a valid tar archive: {ex.Message}", ex);
        }
    }

    public bool Contains(string name) => _files.ContainsKey(Normalize(name));

    public long? LengthOf(string name) => _files.TryGetValue(Normalize(name), out var file) ? file.Length : null;

    /// <summary>Opens an entry's bytes, or returns null when the archive has no such file.</summary>
    public Stream? TryOpen(string name)
    {
        if (!_files.TryGetValue(Normalize(name), out var file))
        {
            return null;
        }

        var stream = new FileStream(ArchivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        stream.Position = file.Offset;
        return new TarEntryStream(stream, file.Length);
    }

    public async Task<byte[]?> TryReadAllAsync(string name, CancellationToken cancellationToken)
    {
        await using var stream = TryOpen(name);
        if (stream is null)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    // Archives name the same file "manifest.json" or "./manifest.json"; paths inside manifest.json use the former.
    internal static string Normalize(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
}
