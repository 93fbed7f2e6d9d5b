namespace Buildpacks.Images.Stores.Layout;

/// <summary>
/// An exclusive lock on a layout's <c>index.json</c> updates, across threads and processes: two builds writing to
/// the same layout must not lose each other's index entries (read-modify-write of index.json). .NET takes an
/// advisory <c>flock</c> for <see cref="FileShare.None"/> on Unix, and a share lock on Windows.
/// </summary>
internal sealed class LayoutLock : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(25);
    private readonly FileStream _lockFile;

    private LayoutLock(FileStream lockFile) => _lockFile = lockFile;

    /// <summary>Waits until the lock file <paramref name="path"/> can be held exclusively.</summary>
    public static async Task<LayoutLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new LayoutLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new OciLayoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for the lock {path}: another process is writing to this layout. If none is, delete the file and retry.", ex);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _lockFile.Dispose();
}
