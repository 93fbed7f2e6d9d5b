namespace Buildpacks.Images.Stores.Layout;

/// <summary>
/// Writes a file so that readers see either the old content or the whole new content, never a half-written file:
/// the bytes go to a temporary file beside the destination (same file system, so the rename is atomic) which is
/// renamed over the destination only once complete.
/// </summary>
internal sealed class AtomicFile : IAsyncDisposable
{
    private readonly string _destination;
    private bool _committed;

    private AtomicFile(string destination, string temporaryPath, FileStream stream)
    {
        _destination = destination;
        TemporaryPath = temporaryPath;
        Stream = stream;
    }

    /// <summary>The stream to write the new content to.</summary>
    public FileStream Stream { get; }

    /// <summary>Where the content is written until it is committed.</summary>
    public string TemporaryPath { get; }

    /// <summary>Starts writing <paramref name="destination"/>.</summary>
    public static AtomicFile Create(string destination)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(directory);

        // A leading dot and a unique suffix: concurrent writers never share a temp file, and a crash leaves a
        // hidden file that no reader mistakes for content.
        var temporaryPath = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous);
        return new AtomicFile(destination, temporaryPath, stream);
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="destination"/> atomically.</summary>
    public static async Task WriteAllBytesAsync(string destination, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var file = Create(destination);
        await file.Stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        await file.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes the content to disk and moves it over the destination.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        Stream.Flush(flushToDisk: true);
        await Stream.DisposeAsync().ConfigureAwait(false);
        File.Move(TemporaryPath, _destination, overwrite: true);
        _committed = true;
    }

    /// <summary>Abandons an uncommitted write: the temporary file is deleted and the destination left as it was.</summary>
    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        if (!_committed)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
                // Best effort: a leftover hidden temp file is harmless.
            }
        }
    }
}
