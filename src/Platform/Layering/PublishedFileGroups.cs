namespace Buildpacks.Platform.Layering;

/// <summary>
/// Sorts the files of a publish directory into the layers index's groups, least often changed first: the .NET runtime
/// (the assets of the runtime packs a self-contained app carries), the NuGet packages' assets, the user's groups in the
/// order given, then the app (the project's own outputs, content, configuration, and every file MSBuild did not
/// describe: a single-file bundle, static web assets, what a later target wrote). What MSBuild knows of a file's origin
/// (its package) decides the built-in groups; a user's group takes a file before they do: what the user names wins.
/// </summary>
public static class PublishedFileGroups
{
    /// <summary>
    /// The groups of <paramref name="paths"/> (the files in the publish directory, relative, '/'-separated), each
    /// sorted by ordinal. A path that <paramref name="origins"/> gives a package of <paramref name="runtimePacks"/>
    /// (package ids, compared ignoring case as NuGet does) is runtime, any other package's file is a package.
    /// </summary>
    public static IReadOnlyList<LayerGroup> Sort(
        IEnumerable<string> paths,
        IEnumerable<PublishedFile> origins,
        IEnumerable<string> runtimePacks,
        IReadOnlyList<CustomLayer> custom)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(origins);
        ArgumentNullException.ThrowIfNull(custom);
        var packs = new HashSet<string>(runtimePacks.Where(p => !string.IsNullOrWhiteSpace(p)), StringComparer.OrdinalIgnoreCase);
        var packageOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var origin in origins)
        {
            if (Normalize(origin.RelativePath) is { } path)
            {
                packageOf.TryAdd(path, origin.PackageId);
            }
        }

        var names = new List<string> { LayersIndex.RuntimeGroup, LayersIndex.PackagesGroup };
        names.AddRange(custom.Select(c => c.Name));
        names.Add(LayersIndex.AppGroup);
        var groups = names.ToDictionary(n => n, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var path in paths.Select(Normalize).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var package = packageOf.GetValueOrDefault(path, "");
            var group = custom.FirstOrDefault(c => c.Matches(path))?.Name
                ?? (package.Length == 0 ? LayersIndex.AppGroup
                    : packs.Contains(package) ? LayersIndex.RuntimeGroup
                    : LayersIndex.PackagesGroup);
            groups[group].Add(path);
        }

        return names.Select(n => new LayerGroup(n, [.. groups[n]])).ToList();
    }

    /// <summary>
    /// The files (and symbolic links, never followed) under <paramref name="directory"/>, relative and '/'-separated.
    /// </summary>
    public static IReadOnlyList<string> FilesIn(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var files = new List<string>();
        var pending = new Stack<(string Full, string Relative)>();
        pending.Push((directory, ""));
        while (pending.Count > 0)
        {
            var (full, relative) = pending.Pop();
            foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos())
            {
                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    pending.Push((entry.FullName, path));
                }
                else
                {
                    files.Add(path);
                }
            }
        }

        return files;
    }

    // '/'-separated, relative, inside the publish directory; null for anything else.
    private static string? Normalize(string relativePath)
    {
        var path = relativePath.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        if (path.Length == 0 || path.StartsWith('/') || Path.IsPathRooted(path) || path.EndsWith('/'))
        {
            return null;
        }

        var segments = path.Split('/');
        return segments.Any(s => s is "" or "." or "..") ? null : path;
    }
}
