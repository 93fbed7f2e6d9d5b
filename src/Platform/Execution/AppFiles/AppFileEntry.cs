namespace Buildpacks.Platform.Execution.AppFiles;

/// <summary>The kinds of entry an app directory holds that a build copies.</summary>
public enum AppFileKind
{
    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A regular file.</summary>
    File,

    /// <summary>A symbolic link, copied as a link (never followed).</summary>
    SymbolicLink,
}

/// <summary>One selected entry of an app directory.</summary>
/// <param name="RelativePath">Its path below the app directory, '/'-separated, no leading or trailing slash.</param>
/// <param name="FullPath">Its absolute path on this machine.</param>
/// <param name="Kind">What it is.</param>
public sealed record AppFileEntry(string RelativePath, string FullPath, AppFileKind Kind);
