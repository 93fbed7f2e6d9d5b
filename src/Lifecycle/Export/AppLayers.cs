using Buildpacks.Images.Layers;
using Buildpacks.Lifecycle.Launch;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// Splits the app directory into layers (Buildpack API, "launch.toml [[slices]]"; lifecycle layers/slices.go
/// <c>SliceLayers</c>): one layer per slice holding the files and directories its globs match (a matched directory
/// brings everything under it; a path goes to the first slice that matches it), with the directories above them; then
/// one layer of everything no slice took. A directory all of whose children were sliced is itself sliced. A slice that
/// matches nothing is an empty layer, as the reference lifecycle makes it, with a warning (the spec allows one). A
/// slice path is relative to the app dir, or absolute within it (spec: "Absolute and contained within the app
/// directory"; the reference lifecycle matches absolute paths against relative ones, so they never match there): the
/// app dir as the buildpacks saw it or as the image has it. Without slices the app is one layer, "Application Layer".
/// </summary>
public static class AppLayers
{
    /// <summary>The history text of the single app layer.</summary>
    public const string AppLayerCreatedBy = "Application Layer";

    /// <summary>Writes the slice layers then the remainder layer.</summary>
    /// <exception cref="FormatException">A slice path is not a valid glob.</exception>
    public static async Task<IReadOnlyList<ExportedLayer>> WriteAsync(
        ExportLayerFactory factory,
        string appDir,
        PathMapping mapping,
        IReadOnlyList<AppSlice> slices,
        ILifecycleLog log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var tree = new AppTree(appDir);
        var imageAppDir = mapping.ToImage(appDir);
        var parents = mapping.ParentEntries(appDir, factory.Uid, factory.Gid);
        var layers = new List<ExportedLayer>(slices.Count + 1);
        for (var i = 0; i < slices.Count; i++)
        {
            var patterns = new List<SlicePattern>();
            foreach (var path in slices[i].Paths)
            {
                if (WithinAppDir(path, appDir, imageAppDir) is { } relative)
                {
                    patterns.Add(new SlicePattern(relative));
                }
                else
                {
                    log.Warn($"Slice path '{path}' is outside the app directory {imageAppDir}; it matches nothing");
                }
            }

            var paths = tree.Slice(patterns);
            if (paths.Count == 0)
            {
                log.Warn($"Application Slice: {i + 1} matches no file of the app directory; its layer is empty");
            }

            layers.Add(await factory.EntriesLayerAsync(
                $"slice-{i + 1}", $"Application Slice: {i + 1}", tree.Entries(paths, parents, imageAppDir), cancellationToken).ConfigureAwait(false));
        }

        var createdBy = slices.Count == 0 ? AppLayerCreatedBy : $"Application Slice: {slices.Count + 1}";
        layers.Add(await factory.EntriesLayerAsync(
            $"slice-{slices.Count + 1}", createdBy, tree.Entries(tree.Remaining(), parents, imageAppDir), cancellationToken).ConfigureAwait(false));
        return layers;
    }

    /// <summary>
    /// <paramref name="path"/> relative to the app dir: as it is when relative; with the app dir's prefix (its own path
    /// or its image path) taken off when absolute; null when absolute and outside the app dir.
    /// </summary>
    private static string? WithinAppDir(string path, string appDir, string imageAppDir)
    {
        if (!path.StartsWith('/'))
        {
            return path;
        }

        foreach (var root in new[] { Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDir)), imageAppDir.TrimEnd('/') })
        {
            if (path.Length > root.Length + 1 && path.StartsWith(root + "/", StringComparison.Ordinal))
            {
                return path[(root.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>The app dir's entries and which of them a slice has taken. The app dir itself is the path "".</summary>
    private sealed class AppTree
    {
        private readonly string _appDir;
        private readonly List<string> _walkOrder = [""];
        private readonly Dictionary<string, LayerEntry> _entries = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal) { [""] = [] };
        private readonly Dictionary<string, bool> _sliced = new(StringComparer.Ordinal) { [""] = false };

        public AppTree(string appDir)
        {
            _appDir = appDir;
            foreach (var entry in LayerEntries.FromDirectory(appDir))
            {
                _walkOrder.Add(entry.Path);
                _entries[entry.Path] = entry;
                _sliced[entry.Path] = false;
                _children[ParentOf(entry.Path)].Add(entry.Path);
                if (entry.Type == LayerEntryType.Directory)
                {
                    _children[entry.Path] = [];
                }
            }
        }

        /// <summary>Takes the paths a slice matches (and the parents they need) and marks them sliced.</summary>
        public IReadOnlyCollection<string> Slice(IReadOnlyList<SlicePattern> patterns)
        {
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in _walkOrder.Skip(1).Where(p => patterns.Any(pattern => pattern.Matches(p))))
            {
                Take(path, matched);
            }

            var files = new HashSet<string>(matched, StringComparer.Ordinal);
            var parentsToCheck = new List<string>();
            foreach (var path in matched)
            {
                foreach (var parent in AncestorsOf(path).Where(a => !matched.Contains(a)))
                {
                    if (files.Add(parent))
                    {
                        parentsToCheck.Add(parent);
                    }
                }
            }

            // Deepest first, so a directory is judged after its sliced subdirectories were.
            foreach (var dir in parentsToCheck.OrderByDescending(Depth))
            {
                _sliced[dir] = _children[dir].All(child => _sliced[child]);
            }

            return files;
        }

        /// <summary>Everything no slice took; marks it taken.</summary>
        public IReadOnlyCollection<string> Remaining()
        {
            var remaining = _walkOrder.Where(p => !_sliced[p]).ToList();
            foreach (var path in remaining)
            {
                _sliced[path] = true;
            }

            return remaining;
        }

        /// <summary>The layer entries of <paramref name="paths"/> at their image paths, after the app dir's parents.</summary>
        public IEnumerable<LayerEntry> Entries(IReadOnlyCollection<string> paths, IReadOnlyList<LayerEntry> parents, string imageAppDir)
        {
            if (paths.Count == 0)
            {
                return [];
            }

            var result = new List<LayerEntry>(parents);
            foreach (var path in paths)
            {
                if (path.Length == 0)
                {
                    result.Add(LayerEntry.Directory(imageAppDir, PathMapping.ModeOf(_appDir)));
                    continue;
                }

                var entry = _entries[path];

                // A hard link can only point at a file of the same layer; across slices the file is stored again.
                if (entry.Type == LayerEntryType.Hardlink && !paths.Contains(entry.LinkTarget!))
                {
                    entry = LayerEntry.File(path, LayerEntryContent.FromFile(Path.Combine(_appDir, path)), _entries[entry.LinkTarget!].Mode);
                }

                result.Add(ExportLayerFactory.Rebase(entry, imageAppDir));
            }

            return result;
        }

        private void Take(string path, HashSet<string> matched)
        {
            if (_sliced[path])
            {
                return;
            }

            if (_children.TryGetValue(path, out var children))
            {
                foreach (var child in children)
                {
                    Take(child, matched);
                }
            }

            matched.Add(path);
            _sliced[path] = true;
        }

        private static string ParentOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";

        private static IEnumerable<string> AncestorsOf(string path)
        {
            while (path.Length > 0)
            {
                path = ParentOf(path);
                yield return path;
            }
        }

        private static int Depth(string path) => path.Length == 0 ? 0 : path.Count(c => c == '/') + 1;
    }
}
