namespace Buildpacks.Platform.Layering;

/// <summary>
/// Sorts a publish's files into the layers index's groups, least often changed first: the .NET runtime (the assets of
/// the runtime packs a self-contained app carries), the NuGet packages' assets, the user's groups in the order given,
/// then the app (the project's own outputs, content, configuration). A user's group takes a file before the built-in
/// ones do: what the user names wins. Paths outside the publish directory are ignored, and a path is listed once.
/// </summary>
public static class PublishedFileGroups
{
    /// <summary>
    /// The groups of <paramref name="files"/> that <paramref name="exists"/> in the publish directory. A file whose
    /// package is one of <paramref name="runtimePacks"/> (package ids, compared ignoring case as NuGet does) is runtime,
    /// any other package file is a package. <paramref name="extraAppFiles"/> (the index itself) join the app group.
    /// </summary>
    public static IReadOnlyList<LayerGroup> Sort(
        IEnumerable<PublishedFile> files,
        IEnumerable<string> runtimePacks,
        IReadOnlyList<CustomLayer> custom,
        Func<string, bool> exists,
        IEnumerable<string> extraAppFiles)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(custom);
        ArgumentNullException.ThrowIfNull(exists);
        var packs = new HashSet<string>(runtimePacks.Where(p => !string.IsNullOrWhiteSpace(p)), StringComparer.OrdinalIgnoreCase);
        var names = new List<string> { LayersIndex.RuntimeGroup, LayersIndex.PackagesGroup };
        names.AddRange(custom.Select(c => c.Name));
        names.Add(LayersIndex.AppGroup);
        var groups = names.ToDictionary(n => n, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = Normalize(file.RelativePath);
            if (path is null || !seen.Add(path) || !exists(path))
            {
                continue;
            }

            var group = custom.FirstOrDefault(c => c.Matches(path))?.Name
                ?? (file.PackageId.Length == 0 ? LayersIndex.AppGroup
                    : packs.Contains(file.PackageId) ? LayersIndex.RuntimeGroup
                    : LayersIndex.PackagesGroup);
            groups[group].Add(path);
        }

        foreach (var extra in extraAppFiles)
        {
            if (Normalize(extra) is { } path && seen.Add(path))
            {
                groups[LayersIndex.AppGroup].Add(path);
            }
        }

        return names.Select(n => new LayerGroup(n, [.. groups[n]])).ToList();
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
