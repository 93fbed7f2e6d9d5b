using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.AppFiles;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Makes a build's app directory kept from the last Local build of the same publish (beside the incremental stamp)
/// equal to what the selection takes of the publish output, copying only what differs: after a code change that is a
/// few assemblies, not the hundreds of files (over 100 MB when self-contained) a fresh copy takes on every edit. A file
/// is kept when its size, modification time and mode are the publish output's (the quick check rsync makes; the copy is
/// given the original's time); everything else is copied again, and whatever the last build's buildpacks added, or the
/// selection no longer takes, is removed. Into an empty directory it is a plain copy (<see cref="AppDirectoryCopy.CopyAsync"/>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class AppDirectorySync
{
    /// <summary>What a sync did.</summary>
    /// <param name="Copied">Files and links copied (new or changed).</param>
    /// <param name="Kept">Files and links left as they were.</param>
    /// <param name="Removed">Entries removed (with everything under a removed directory counted once).</param>
    public sealed record Outcome(int Copied, int Kept, int Removed);

    /// <summary>Makes <paramref name="destination"/> (created when missing) what <paramref name="selection"/> selects of <paramref name="source"/>.</summary>
    /// <exception cref="CodedException">BP1210 when an entry cannot be read or written.</exception>
    public static async Task<Outcome> SyncAsync(string source, string destination, AppFileSelection selection, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        var wanted = selection.Enumerate(source).ToDictionary(e => e.RelativePath, StringComparer.Ordinal);
        var removed = RemoveUnwanted(destination, string.Empty, wanted, cancellationToken);

        var files = new List<(string Source, string Target)>();
        var directories = new List<(string Path, UnixFileMode Mode)>();
        int copied = 0, kept = 0;
        foreach (var entry in wanted.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(destination, entry.RelativePath);
            AppDirectoryCopy.Guard(entry.FullPath, () =>
            {
                switch (entry.Kind)
                {
                    case AppFileKind.Directory:
                        Directory.CreateDirectory(target);
                        directories.Add((target, File.GetUnixFileMode(entry.FullPath)));
                        break;
                    case AppFileKind.SymbolicLink:
                        var link = new FileInfo(entry.FullPath).LinkTarget!;
                        if (new FileInfo(target) is { LinkTarget: { } existing } && existing == link)
                        {
                            kept++;
                            break;
                        }

                        File.Delete(target);
                        File.CreateSymbolicLink(target, link);
                        copied++;
                        break;
                    default:
                        if (Same(entry.FullPath, target))
                        {
                            kept++;
                        }
                        else
                        {
                            // Removed first: a buildpack may have left it read-only, or a link in its place.
                            if (File.Exists(target) || new FileInfo(target).LinkTarget is not null)
                            {
                                File.Delete(target);
                            }

                            files.Add((entry.FullPath, target));
                        }

                        break;
                }
            });
        }

        await AppDirectoryCopy.CopyFilesAsync(files, cancellationToken).ConfigureAwait(false);
        AppDirectoryCopy.SetDirectoryModes(directories);
        return new Outcome(copied + files.Count, kept, removed);
    }

    // The quick check: the copy a build made (mode with the owner's read and write added, time the original's).
    private static bool Same(string source, string target)
    {
        var copy = new FileInfo(target);
        if (!copy.Exists || copy.LinkTarget is not null)
        {
            return false;
        }

        var original = new FileInfo(source);
        return copy.Length == original.Length
            && copy.LastWriteTimeUtc == original.LastWriteTimeUtc
            && copy.UnixFileMode == AppDirectoryCopy.CopyMode(original.UnixFileMode);
    }

    // Depth first: what the selection does not take (or takes as another kind) goes, whatever a buildpack made it.
    private static int RemoveUnwanted(string directory, string relativeDirectory, Dictionary<string, AppFileEntry> wanted, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var child in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = relativeDirectory.Length == 0 ? child.Name : relativeDirectory + "/" + child.Name;
            var kind = child.LinkTarget is not null ? AppFileKind.SymbolicLink : child is DirectoryInfo ? AppFileKind.Directory : AppFileKind.File;
            if (wanted.TryGetValue(relative, out var entry) && entry.Kind == kind)
            {
                if (kind == AppFileKind.Directory)
                {
                    // A buildpack may have made it read-only: what is under it must be removable and writable.
                    File.SetUnixFileMode(child.FullName, child.UnixFileMode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    removed += RemoveUnwanted(child.FullName, relative, wanted, cancellationToken);
                }

                continue;
            }

            AppDirectoryCopy.Guard(child.FullName, () =>
            {
                if (kind == AppFileKind.Directory)
                {
                    MakeRemovable(child.FullName);
                    Directory.Delete(child.FullName, recursive: true);
                }
                else
                {
                    File.Delete(child.FullName);
                }
            });
            removed++;
        }

        return removed;
    }

    private static void MakeRemovable(string directory)
    {
        File.SetUnixFileMode(directory, File.GetUnixFileMode(directory) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (new DirectoryInfo(child).LinkTarget is null)
            {
                MakeRemovable(child);
            }
        }
    }
}
