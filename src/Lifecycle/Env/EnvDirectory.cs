namespace Buildpacks.Lifecycle.Env;

/// <summary>
/// Applies a directory of environment files to a set of variables (Buildpack API, "Environment Variable Modification
/// Rules"). The variable name is the file name up to the first <c>.</c>; the rest is the action. Contents are used
/// verbatim (a trailing newline is kept). <c>.append</c>/<c>.prepend</c> use the contents of <c>NAME.delim</c> as the
/// delimiter, and none at all without it. Files are applied in file-name order; unknown suffixes, directories and
/// symlinks to directories are skipped (lifecycle env/env.go).
/// </summary>
public static class EnvDirectory
{
    /// <summary>Applies every file of <paramref name="dir"/> (if it exists) to <paramref name="vars"/>.</summary>
    /// <param name="vars">The variables to modify.</param>
    /// <param name="dir">An <c>env/</c>, <c>env.build/</c> or build-config <c>env/</c> directory.</param>
    /// <param name="unsuffixed">What a file without a suffix does: override for layers, default for build-config.</param>
    public static void Apply(IDictionary<string, string> vars, string dir, EnvFileAction unsuffixed)
    {
        foreach (var (fileName, value) in ReadFiles(dir))
        {
            var dot = fileName.IndexOf('.', StringComparison.Ordinal);
            var name = dot < 0 ? fileName : fileName[..dot];
            EnvFileAction action;
            if (dot < 0)
            {
                action = unsuffixed;
            }
            else if (!TryParseSuffix(fileName[(dot + 1)..], out action))
            {
                continue;
            }

            var existing = vars.TryGetValue(name, out var current) ? current : "";
            switch (action)
            {
                case EnvFileAction.Override:
                    vars[name] = value;
                    break;
                case EnvFileAction.Default:
                    if (existing.Length == 0)
                    {
                        vars[name] = value;
                    }

                    break;
                case EnvFileAction.Append:
                    vars[name] = existing.Length == 0 ? value : existing + Delimiter(dir, name, "") + value;
                    break;
                case EnvFileAction.Prepend:
                    vars[name] = existing.Length == 0 ? value : value + Delimiter(dir, name, "") + existing;
                    break;
                case EnvFileAction.PrependPath:
                    vars[name] = existing.Length == 0 ? value : value + Delimiter(dir, name, PathSeparator) + existing;
                    break;
            }
        }
    }

    /// <summary>The OS path-list separator, used for the layer path variables.</summary>
    public static string PathSeparator { get; } = Path.PathSeparator.ToString();

    /// <summary>
    /// The regular files of <paramref name="dir"/> in ordinal name order with their contents. Missing directory: none.
    /// </summary>
    public static IEnumerable<(string FileName, string Value)> ReadFiles(string dir)
    {
        if (!Directory.Exists(dir))
        {
            yield break;
        }

        var files = new DirectoryInfo(dir).EnumerateFileSystemInfos()
            .Where(IsFileOrLinkToFile)
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var fileName in files)
        {
            yield return (fileName, File.ReadAllText(Path.Combine(dir, fileName)));
        }
    }

    private static bool IsFileOrLinkToFile(FileSystemInfo entry)
    {
        if (entry.LinkTarget is null)
        {
            return entry is FileInfo;
        }

        return entry.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true };
    }

    private static bool TryParseSuffix(string suffix, out EnvFileAction action)
    {
        switch (suffix)
        {
            case "override":
                action = EnvFileAction.Override;
                return true;
            case "default":
                action = EnvFileAction.Default;
                return true;
            case "append":
                action = EnvFileAction.Append;
                return true;
            case "prepend":
                action = EnvFileAction.Prepend;
                return true;
            case "":
                action = EnvFileAction.PrependPath;
                return true;
            default:
                action = default;
                return false;
        }
    }

    private static string Delimiter(string dir, string name, string fallback)
    {
        var path = Path.Combine(dir, name + ".delim");
        return File.Exists(path) ? File.ReadAllText(path) : fallback;
    }
}
