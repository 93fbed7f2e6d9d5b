using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.AppFiles;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Copies the selected files of the publish output into the build's own app directory: buildpacks may write to the
/// app directory, and the user's publish directory must stay as it is. Modes are kept; symbolic links are copied as
/// links.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class AppDirectoryCopy
{
    /// <summary>Copies what <paramref name="selection"/> selects of <paramref name="source"/> into <paramref name="destination"/> (created).</summary>
    /// <returns>The number of files and links copied.</returns>
    /// <exception cref="CodedException">BP1210 when an entry cannot be read or written.</exception>
    public static async Task<int> CopyAsync(string source, string destination, AppFileSelection selection, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        var files = 0;
        var directories = new List<(string Path, UnixFileMode Mode)>();
        foreach (var entry in selection.Enumerate(source))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(destination, entry.RelativePath);
            try
            {
                switch (entry.Kind)
                {
                    case AppFileKind.Directory:
                        Directory.CreateDirectory(target);
                        directories.Add((target, File.GetUnixFileMode(entry.FullPath)));
                        break;
                    case AppFileKind.SymbolicLink:
                        File.CreateSymbolicLink(target, new FileInfo(entry.FullPath).LinkTarget!);
                        files++;
                        break;
                    default:
                        await CopyFileAsync(entry.FullPath, target, cancellationToken).ConfigureAwait(false);
                        files++;
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CodedException.Because(e, Messages.LocalAppCopyFailed, entry.FullPath, e.Message);
            }
        }

        // Modes of directories last: a read-only directory must not stop its own contents being copied. The build
        // user (this user) keeps write access, as the lifecycle expects a writable app directory.
        foreach (var (path, mode) in directories)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return files;
    }

    private static async Task CopyFileAsync(string source, string target, CancellationToken cancellationToken)
    {
        var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }

        File.SetUnixFileMode(target, File.GetUnixFileMode(source) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
