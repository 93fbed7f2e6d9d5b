using System.Formats.Tar;
using Buildpacks.Images.Layers;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Writes the <c>cnb/</c> entries of image layers (a builder's, a buildpack package's) into a directory that stands
/// for the image's <c>/</c>. Everything else (the base file system), whiteouts, devices and links leaving the tree
/// are skipped: running buildpacks on this machine needs only <c>/cnb</c>. Owner read/write (and search on
/// directories) are added so this user can read, run and later delete what root owned in the image.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class CnbTreeExtractor
{
    /// <summary>Extracts the <c>cnb/</c> entries of the layer blob <paramref name="blob"/> (plain or gzip tar) into <paramref name="root"/>.</summary>
    public static async Task ExtractAsync(Stream blob, string root, CancellationToken cancellationToken)
    {
        var reader = await LayerReader.OpenAsync(blob, leaveOpen: false, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.NextEntryAsync(cancellationToken).ConfigureAwait(false) is { } entry)
            {
                await WriteAsync(root, entry, reader.CurrentContent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(string root, LayerEntryInfo entry, Stream? content, CancellationToken cancellationToken)
    {
        if (CnbPath(entry.Name) is not { } name)
        {
            return;
        }

        var host = Path.Combine(root, name);
        switch (entry.Type)
        {
            case TarEntryType.Directory:
                if (File.Exists(host) || IsLink(host))
                {
                    File.Delete(host);
                }

                Directory.CreateDirectory(host);
                File.SetUnixFileMode(host, entry.Mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                PrepareFile(host);
                var file = File.Create(host);
                await using (file.ConfigureAwait(false))
                {
                    if (content is not null)
                    {
                        await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    }
                }

                File.SetUnixFileMode(host, entry.Mode | UnixFileMode.UserRead | UnixFileMode.UserWrite);
                break;
            case TarEntryType.SymbolicLink when StaysInside(root, host, entry.LinkName):
                PrepareFile(host);
                File.CreateSymbolicLink(host, entry.LinkName);
                break;
            case TarEntryType.HardLink when CnbPath(entry.LinkName) is { } target && File.Exists(Path.Combine(root, target)):
                // A copy rather than a link: the tree is shared read-mostly and the bytes are few.
                PrepareFile(host);
                File.Copy(Path.Combine(root, target), host);
                break;
            default:
                break; // links leaving the tree, devices and whiteouts are not needed to run buildpacks
        }
    }

    // "cnb/…" for entries under /cnb (any of "./cnb/…", "/cnb/…"); null for the rest and for unsafe names.
    private static string? CnbPath(string entryName)
    {
        var name = entryName.Replace('\\', '/');
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        name = name.Trim('/');
        var segments = name.Split('/');
        if (!name.StartsWith("cnb/", StringComparison.Ordinal)
            || segments.Any(s => s is ".." or "." or "")
            || segments[^1].StartsWith(".wh.", StringComparison.Ordinal))
        {
            return null;
        }

        return name;
    }

    private static void PrepareFile(string host)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        if (Directory.Exists(host) && !IsLink(host))
        {
            Directory.Delete(host, recursive: true);
        }
        else
        {
            File.Delete(host);
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static bool StaysInside(string root, string link, string target) =>
        !Path.IsPathRooted(target)
        && Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link)!, target)).StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
