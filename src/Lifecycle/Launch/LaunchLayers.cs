using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// The launch layers in the order every launch step walks them (Platform API, "launcher", "Execution"): buildpacks in
/// the order <c>/bin/build</c> ran (metadata.toml), then layer directories by name. A layer is a directory under
/// <c>&lt;layers&gt;/&lt;escaped buildpack id&gt;/</c>; the <c>&lt;layer&gt;.toml</c> files, other files, symlinks and
/// <c>&lt;layer&gt;.ignore</c> directories (layers with no type, never exported) are not layers.
/// </summary>
public static class LaunchLayers
{
    /// <summary>The layer directories of <paramref name="buildpackIds"/> under <paramref name="layersDir"/>, in launch order.</summary>
    public static IReadOnlyList<string> Enumerate(string layersDir, IEnumerable<string> buildpackIds)
    {
        var layers = new List<string>();
        foreach (var id in buildpackIds)
        {
            var buildpackDir = Path.Combine(layersDir, BuildpackId.Escape(id));
            if (!Directory.Exists(buildpackDir))
            {
                // A buildpack that contributed no launch layer has no directory in the app image.
                continue;
            }

            layers.AddRange(new DirectoryInfo(buildpackDir).EnumerateDirectories()
                .Where(d => d.LinkTarget is null && !d.Name.EndsWith(".ignore", StringComparison.Ordinal))
                .Select(d => d.FullName)
                .Order(StringComparer.Ordinal));
        }

        return layers;
    }

    /// <summary>
    /// The files (not directories) of <paramref name="dir"/> in name order; none when it does not exist. Used for
    /// <c>exec.d/</c> and <c>profile.d/</c> and their per-process subdirectories.
    /// </summary>
    public static IReadOnlyList<string> FilesIn(string dir) =>
        Directory.Exists(dir)
            ? new DirectoryInfo(dir).EnumerateFileSystemInfos()
                .Where(f => f is not DirectoryInfo || f.LinkTarget is not null)
                .Select(f => f.FullName)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
}
