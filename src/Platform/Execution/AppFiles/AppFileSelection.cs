using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.AppFiles;

/// <summary>
/// Which files of an app directory go into a build, from gitignore-style include or exclude globs (project.toml's
/// <c>[io.buildpacks] include</c>/<c>exclude</c>, <see cref="BuildRequest.Include"/>/<see cref="BuildRequest.Exclude"/>),
/// as pack filters the app it copies. Paths are relative to the app directory and '/'-separated. Within a list the
/// last pattern that matches a path decides (a <c>!</c> pattern unmatches it), and a pattern that matches a directory
/// matches everything below it. Used by both execution modes, so the app is the same whichever one runs.
/// </summary>
public sealed class AppFileSelection
{
    private readonly IReadOnlyList<GlobPattern> _patterns;
    private readonly bool _includeMode;

    private AppFileSelection(IReadOnlyList<GlobPattern> patterns, bool includeMode)
    {
        _patterns = patterns;
        _includeMode = includeMode;
    }

    /// <summary>Every file.</summary>
    public static AppFileSelection All { get; } = new([], includeMode: false);

    /// <summary>Whether every file is selected (no include and no exclude pattern).</summary>
    public bool SelectsEverything => _patterns.Count == 0 && !_includeMode;

    /// <summary>
    /// Makes the selection: with <paramref name="include"/> patterns only the files they match, with
    /// <paramref name="exclude"/> patterns all but the files they match, with neither everything. Blank lines and
    /// <c>#</c> comments are ignored.
    /// </summary>
    /// <exception cref="CodedException">BP1101 when both lists have patterns; BP1102 for a malformed pattern.</exception>
    public static AppFileSelection Create(IEnumerable<string>? include, IEnumerable<string>? exclude)
    {
        var includes = Compile(include);
        var excludes = Compile(exclude);
        if (includes.Count > 0 && excludes.Count > 0)
        {
            throw CodedException.Of(Messages.IncludeAndExclude, "include: " + string.Join(", ", includes.Select(p => p.Text)) + "; exclude: " + string.Join(", ", excludes.Select(p => p.Text)));
        }

        return includes.Count > 0 ? new AppFileSelection(includes, includeMode: true)
            : excludes.Count > 0 ? new AppFileSelection(excludes, includeMode: false)
            : All;
    }

    /// <summary>
    /// Whether the entry at <paramref name="relativePath"/> is selected by the patterns themselves. In include mode a
    /// directory no pattern matches is not selected, though files below it may be (see <see cref="Enumerate"/>).
    /// </summary>
    public bool Includes(string relativePath, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = Normalize(relativePath);
        if (path.Length == 0)
        {
            return true; // the app directory itself
        }

        var matched = false;
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(path, isDirectory))
            {
                matched = !pattern.Negated;
            }
        }

        return _includeMode ? matched : !matched;
    }

    /// <summary>
    /// The selected entries below <paramref name="appDirectory"/>, sorted by ordinal path, each directory before its
    /// contents. A directory is listed when it is selected or holds a selected entry (so every listed file's parent is
    /// listed). Symbolic links are listed as links and never followed.
    /// </summary>
    public IEnumerable<AppFileEntry> Enumerate(string appDirectory)
    {
        ArgumentNullException.ThrowIfNull(appDirectory);
        var root = Path.GetFullPath(appDirectory);
        var result = new List<AppFileEntry>();
        Collect(root, string.Empty, result);
        return result;
    }

    private bool Collect(string directory, string relativeDirectory, List<AppFileEntry> result)
    {
        var any = false;
        var children = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .OrderBy(info => info.Name, StringComparer.Ordinal);
        foreach (var child in children)
        {
            var relative = relativeDirectory.Length == 0 ? child.Name : relativeDirectory + "/" + child.Name;
            var isLink = child.LinkTarget is not null;
            if (child is DirectoryInfo && !isLink)
            {
                var index = result.Count;
                result.Add(new AppFileEntry(relative, child.FullName, AppFileKind.Directory));
                var hasSelected = Collect(child.FullName, relative, result);
                if (!hasSelected && !Includes(relative, isDirectory: true))
                {
                    result.RemoveAt(index);
                    continue;
                }

                any = true;
                continue;
            }

            if (Includes(relative, isDirectory: false))
            {
                result.Add(new AppFileEntry(relative, child.FullName, isLink ? AppFileKind.SymbolicLink : AppFileKind.File));
                any = true;
            }
        }

        return any;
    }

    private static List<GlobPattern> Compile(IEnumerable<string>? lines)
    {
        var patterns = new List<GlobPattern>();
        foreach (var line in lines ?? [])
        {
            if (GlobPattern.Parse(line) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }

    // Accepts "./a/b", "/a/b", "a\\b" and "a/b/" for "a/b"; ".hidden" keeps its dot.
    private static string Normalize(string relativePath)
    {
        var path = relativePath.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path == "." ? string.Empty : path.Trim('/');
    }
}
