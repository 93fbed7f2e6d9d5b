using System.Formats.Tar;

namespace Buildpacks.Images.Layers;

/// <summary>
/// Extracts layers into a directory safely: nothing is ever written outside it, whatever the layer says (see
/// <see cref="ExtractionRoot"/>). Extracting several layers in order into one directory, with whiteouts applied, gives
/// the image's file system.
/// </summary>
public static class LayerExtractor
{
    /// <summary>Extracts the layer file at <paramref name="layerFile"/> (plain or gzip tar) into <paramref name="destination"/>.</summary>
    public static async Task ExtractFileAsync(string layerFile, string destination, LayerExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        var reader = await LayerReader.OpenFileAsync(layerFile, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await ExtractAsync(reader, destination, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Extracts layer files base first into <paramref name="destination"/>, each one's whiteouts hiding what the earlier ones left.</summary>
    public static async Task ExtractFilesAsync(IEnumerable<string> layerFiles, string destination, LayerExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        foreach (var layerFile in layerFiles)
        {
            await ExtractFileAsync(layerFile, destination, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Extracts the layer read from <paramref name="layer"/> (plain or gzip tar; left open) into <paramref name="destination"/>.</summary>
    public static async Task ExtractAsync(Stream layer, string destination, LayerExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        var reader = await LayerReader.OpenAsync(layer, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await ExtractAsync(reader, destination, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// As <see cref="ExtractAsync(Stream, string, LayerExtractOptions?, CancellationToken)"/>, with the layer read and
    /// decompressed on another thread while this one writes its files: reading a blob, checking its digest and gunzip
    /// take a core, creating files another, so a large layer extracts in about the time of the slower of the two.
    /// A failure of either side is this call's failure; the blob's stream is left open.
    /// </summary>
    public static async Task ExtractDecompressingAheadAsync(Stream layer, string destination, LayerExtractOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        using var pipe = new DecompressAhead(layer, cancellationToken);
        try
        {
            await ExtractAsync(pipe.Tar, destination, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await pipe.FinishAsync().ConfigureAwait(false);
        }
    }

    private static async Task ExtractAsync(LayerReader reader, string destination, LayerExtractOptions? options, CancellationToken cancellationToken)
    {
        options ??= new LayerExtractOptions();
        Directory.CreateDirectory(destination);
        var extraction = new LayerExtraction(new ExtractionRoot(destination, options.AllowAbsoluteSymlinks), options);
        while (await reader.NextEntryAsync(cancellationToken).ConfigureAwait(false) is { } entry)
        {
            await extraction.ExtractAsync(entry, reader.CurrentContent, cancellationToken).ConfigureAwait(false);
        }

        extraction.FinishDirectories();
    }

    /// <summary>The state of extracting one layer: what it created (whiteouts spare it) and directory attributes set last.</summary>
    private sealed class LayerExtraction(ExtractionRoot root, LayerExtractOptions options)
    {
        private readonly HashSet<string> _created = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (UnixFileMode Mode, DateTimeOffset Time)> _directories = new(StringComparer.Ordinal);
        private readonly bool _chown = options.PreserveOwnership && Environment.IsPrivilegedProcess;

        public async Task ExtractAsync(LayerEntryInfo entry, Stream? content, CancellationToken cancellationToken)
        {
            var segments = ParseName(entry.Name);
            if (segments.Count == 0)
            {
                return; // the layer's root ("./"): the destination itself, left as it is
            }

            var name = segments[^1];
            var parentSegments = segments.Take(segments.Count - 1).ToList();
            if (options.ApplyWhiteouts && name.StartsWith(WhiteoutNames.Prefix, StringComparison.Ordinal))
            {
                ApplyWhiteout(entry, parentSegments, name);
                return;
            }

            var parent = root.ResolveDirectory(parentSegments, entry.Name, create: true)!;
            var host = Path.Combine(root.HostPath(parent), name);
            switch (entry.Type)
            {
                case TarEntryType.Directory:
                    if (!IsRealDirectory(host))
                    {
                        Remove(host);
                        Directory.CreateDirectory(host);
                    }

                    _directories[host] = (entry.Mode, entry.ModificationTime);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Remove(host);
                    await WriteFileAsync(host, content, entry, cancellationToken).ConfigureAwait(false);
                    break;
                case TarEntryType.SymbolicLink:
                    root.RequireSymlinkInside(parent, entry.LinkName, entry.Name);
                    Remove(host);
                    File.CreateSymbolicLink(host, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var existing = ResolveHardlinkTarget(entry);
                    Remove(host);
                    if (!UnixFileSystem.TryCreateHardLink(existing, host))
                    {
                        File.Copy(existing, host); // another file system or no link support: same content, own inode
                    }

                    break;
                default:
                    // Devices and fifos need root and mean nothing in an app image; they are left out.
                    return;
            }

            _created.Add(host);
            if (_chown)
            {
                UnixFileSystem.TrySetOwner(host, entry.Uid, entry.Gid);
            }

            // A hard link shares its target's mode; setting it would change the target too.
            if (entry.Type is not (TarEntryType.Directory or TarEntryType.SymbolicLink or TarEntryType.HardLink) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(host, entry.Mode);
            }
        }

        /// <summary>Sets directory modes and times last, deepest first: a read-only directory must not stop its children being written.</summary>
        public void FinishDirectories()
        {
            foreach (var (host, (mode, time)) in _directories.OrderByDescending(d => d.Key.Length))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(host, options.OwnerMayWriteDirectories ? mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : mode);
                }

                Directory.SetLastWriteTimeUtc(host, time.UtcDateTime);
            }
        }

        private static async Task WriteFileAsync(string host, Stream? content, LayerEntryInfo entry, CancellationToken cancellationToken)
        {
            var file = new FileStream(host, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                if (content is not null)
                {
                    await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }

            File.SetLastWriteTimeUtc(host, entry.ModificationTime.UtcDateTime);
        }

        private string ResolveHardlinkTarget(LayerEntryInfo entry)
        {
            var target = ParseName(entry.LinkName, entry.Name);
            if (target.Count == 0)
            {
                throw new LayerExtractionException(entry.Name, "it is a hard link without a target");
            }

            var directory = root.ResolveDirectory(target.Take(target.Count - 1).ToList(), entry.Name, create: false);
            var host = directory is null ? null : Path.Combine(root.HostPath(directory), target[^1]);
            var info = host is null ? null : new FileInfo(host);
            if (info is null || (!info.Exists && info.LinkTarget is null))
            {
                throw new LayerExtractionException(entry.Name, $"it is a hard link to '{entry.LinkName}', which is not a file extracted before it");
            }

            if (info.LinkTarget is not null)
            {
                // Linking to a symlink is legal in tar, but a copy fallback would follow it; keep it simple and safe.
                throw new UnsafeLayerEntryException(entry.Name, $"it is a hard link to the symlink '{entry.LinkName}'");
            }

            return host!;
        }

        private void ApplyWhiteout(LayerEntryInfo entry, List<string> parentSegments, string name)
        {
            var parent = root.ResolveDirectory(parentSegments, entry.Name, create: false);
            if (parent is null)
            {
                return; // nothing below to hide
            }

            var directory = root.HostPath(parent);
            if (name == WhiteoutNames.Opaque)
            {
                foreach (var child in Directory.EnumerateFileSystemEntries(directory).ToList())
                {
                    if (!_created.Contains(child))
                    {
                        Remove(child);
                    }
                }

                return;
            }

            var hidden = name[WhiteoutNames.Prefix.Length..];
            if (hidden is "" or "." or "..")
            {
                throw new UnsafeLayerEntryException(entry.Name, "it is a whiteout of no file");
            }

            var host = Path.Combine(directory, hidden);
            if (!_created.Contains(host))
            {
                Remove(host);
            }
        }

        /// <summary>
        /// The segments of a member name: leading '/' and './' and a trailing '/' mean nothing here; any '..' is refused
        /// outright, even one that would stay inside, as no honest layer writer emits it.
        /// </summary>
        private static List<string> ParseName(string name, string? entryName = null)
        {
            entryName ??= name;
            if (name.Contains('\0') || (OperatingSystem.IsWindows() && name.Contains('\\')))
            {
                throw new UnsafeLayerEntryException(entryName, "its path has a character that is not allowed in a file name");
            }

            var segments = new List<string>();
            foreach (var segment in name.Split('/'))
            {
                if (segment == "..")
                {
                    throw new UnsafeLayerEntryException(entryName, $"its path '{name}' has a '..' segment");
                }

                if (segment is not ("" or "."))
                {
                    segments.Add(segment);
                }
            }

            return segments;
        }

        private static bool IsRealDirectory(string host)
        {
            var info = new DirectoryInfo(host);
            return info.Exists && info.LinkTarget is null;
        }

        /// <summary>Removes whatever is at <paramref name="host"/>; a symlink is removed itself, never what it points to.</summary>
        private static void Remove(string host)
        {
            var info = new FileInfo(host);
            if (info.LinkTarget is not null || info.Exists)
            {
                File.Delete(host);
            }
            else if (Directory.Exists(host))
            {
                Directory.Delete(host, recursive: true);
            }
        }
    }
}
