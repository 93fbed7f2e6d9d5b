using Buildpacks.Images.Layers;

namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// Extracts a cached layer or an SBOM layer back into the layers directory. Such tars name absolute paths
/// (<c>/layers/&lt;bp&gt;/&lt;layer&gt;/…</c>, with parent directories such as <c>/layers</c> as entries) and the reference
/// lifecycle extracts them to <c>/</c>, which is why the layers directory must not move between builds. Extracting to
/// <c>/</c> here would also reset the mode and time of every parent directory the tar lists; instead the layer is extracted
/// into a scratch directory inside the layers directory and the part under the layers directory is moved into place.
/// Existing directories are merged into and keep their attributes, as the reference lifecycle leaves existing directories
/// alone; entries outside the layers directory are dropped. The tars name the layers directory by its path in the image
/// (<c>/layers</c>); a platform whose layers directory stands elsewhere on its disk while the build sees it there (Local
/// execution) gives both.
/// </summary>
public static class LayersDirectoryExtractor
{
    /// <summary>
    /// Extracts the tar in <paramref name="layer"/> (left open) into <paramref name="layersDirectory"/>: its entries under
    /// <paramref name="imageLayersDirectory"/>, the layers directory's path in the image and the cache.
    /// </summary>
    /// <param name="layer">The tar (plain or gzip).</param>
    /// <param name="layersDirectory">The layers directory on this machine.</param>
    /// <param name="imageLayersDirectory">Its path in the image and the cache (the tar's names).</param>
    /// <param name="keepOwnership">Give entries the tar's uid/gid (when running as root), as the reference lifecycle does; false leaves them this user's.</param>
    /// <param name="cancellationToken">Cancels the extraction.</param>
    public static async Task ExtractAsync(Stream layer, string layersDirectory, string imageLayersDirectory, bool keepOwnership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentException.ThrowIfNullOrEmpty(imageLayersDirectory);
        var layersDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(layersDirectory));
        Directory.CreateDirectory(layersDir);
        var scratch = Path.Combine(layersDir, $".restore-{Guid.NewGuid():N}");
        try
        {
            // The tar's uid/gid are kept when running as root, as the reference lifecycle's extraction does, unless this
            // user stands for the build user (Local execution); its symlinks may point at absolute paths under /layers.
            var options = new LayerExtractOptions { AllowAbsoluteSymlinks = true, PreserveOwnership = keepOwnership };
            await LayerExtractor.ExtractAsync(layer, scratch, options, cancellationToken).ConfigureAwait(false);
            var extractedLayersDir = Path.Combine(scratch, imageLayersDirectory.Trim('/'));
            if (Directory.Exists(extractedLayersDir))
            {
                Merge(extractedLayersDir, layersDir);
            }
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>Moves everything in <paramref name="source"/> into <paramref name="destination"/>, replacing what is in the way.</summary>
    private static void Merge(string source, string destination)
    {
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry is DirectoryInfo { LinkTarget: null } directory)
            {
                if (IsRealDirectory(target))
                {
                    Merge(directory.FullName, target);
                    continue;
                }

                Remove(target);
                Directory.Move(directory.FullName, target);
            }
            else
            {
                Remove(target);
                File.Move(entry.FullName, target); // rename(2): a symlink is moved as itself
            }
        }
    }

    private static bool IsRealDirectory(string path) => new DirectoryInfo(path) is { Exists: true, LinkTarget: null };

    private static void Remove(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
        {
            File.Delete(path);
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
