using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.AppFiles;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Copies the selected files of the publish output into the build's own app directory: buildpacks may write to the
/// app directory, and the user's publish directory must stay as it is. Modes are kept (with the owner's read and write
/// added); symbolic links are copied as links.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class AppDirectoryCopy
{
    /// <summary>Copies what <paramref name="selection"/> selects of <paramref name="source"/> into <paramref name="destination"/> (created).</summary>
    /// <returns>The number of files and links copied.</returns>
    /// <exception cref="CodedException">BP1210 when an entry cannot be read or written.</exception>
    public static async Task<int> CopyAsync(string source, string destination, AppFileSelection selection, CancellationToken cancellationToken) =>
        // A sync into a directory that has nothing yet: everything is copied, nothing kept or removed.
        (await AppDirectorySync.SyncAsync(source, destination, selection, cancellationToken).ConfigureAwait(false)).Copied;

    /// <summary>
    /// Copies <paramref name="files"/> on every core: File.Copy lets the kernel copy (a reflink where the file system
    /// has them, else copy_file_range), with no bytes through this process; a publish output is hundreds of files, a
    /// self-contained one over 100 MB, and this copy is on every edit's path. Each copy gets
    /// its original's modification time (for <see cref="AppDirectorySync"/>'s quick check; images never carry it).
    /// </summary>
    public static Task CopyFilesAsync(IReadOnlyList<(string Source, string Target)> files, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            files,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            (file, _) =>
            {
                Guard(file.Source, () =>
                {
                    File.Copy(file.Source, file.Target);
                    File.SetUnixFileMode(file.Target, CopyMode(File.GetUnixFileMode(file.Source)));
                    File.SetLastWriteTimeUtc(file.Target, File.GetLastWriteTimeUtc(file.Source));
                });
                return ValueTask.CompletedTask;
            });

    /// <summary>A copy's mode: the original's, with the owner's read and write (the build user may rewrite the app).</summary>
    public static UnixFileMode CopyMode(UnixFileMode original) => original | UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Modes of directories last: a read-only directory must not stop its own contents being copied. The build user
    /// (this user) keeps write access, as the lifecycle expects a writable app directory.
    /// </summary>
    public static void SetDirectoryModes(IEnumerable<(string Path, UnixFileMode Mode)> directories)
    {
        foreach (var (path, mode) in directories)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Runs <paramref name="copy"/>, turning an I/O failure on <paramref name="path"/> into BP1210.</summary>
    public static void Guard(string path, Action copy)
    {
        try
        {
            copy();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CodedException.Because(e, Messages.LocalAppCopyFailed, path, e.Message);
        }
    }
}
