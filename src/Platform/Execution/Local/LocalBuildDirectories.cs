using Buildpacks.Images.Layers;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.AppFiles;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// A Local build's directories on this machine, in its scratch directory: what the build sees as the app directory,
/// <c>/layers</c>, <c>/platform</c>, <c>/tmp</c>, <c>/var/tmp</c> and the build user's home. Their modes are set here,
/// not left to this process's umask: the app and layers directories go into the image, and must be what a container
/// build gives (0755), whoever runs the build.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class LocalBuildDirectories
{
    private const UnixFileMode Sticky = UnixFileMode.StickyBit | (UnixFileMode)0x1FF; // 1777, as /tmp is in an image
    private readonly ScratchDirectory _scratch;
    private string? _home;

    private LocalBuildDirectories(ScratchDirectory scratch, string? app)
    {
        _scratch = scratch;
        App = app is null ? Make("app", LayerModes.Directory) : Kept(app);
        Layers = Make("layers", LayerModes.Directory);
        Platform = Make("platform", LayerModes.Directory);
        Tmp = Make("tmp", Sticky);
        VarTmp = Make("var-tmp", Sticky);
    }

    /// <summary>The app directory (the build sees it at the image's app directory, <c>/workspace</c> by default).</summary>
    public string App { get; }

    /// <summary>The layers directory (<c>/layers</c>).</summary>
    public string Layers { get; }

    /// <summary>The platform directory (<c>/platform</c>).</summary>
    public string Platform { get; }

    /// <summary><c>/tmp</c>.</summary>
    public string Tmp { get; }

    /// <summary><c>/var/tmp</c>.</summary>
    public string VarTmp { get; }

    /// <summary>
    /// Makes the directories in <paramref name="scratch"/>; the app directory is <paramref name="app"/> when given (kept
    /// between builds, made when missing), else a new one there.
    /// </summary>
    public static LocalBuildDirectories Create(ScratchDirectory scratch, string? app = null)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        return new LocalBuildDirectories(scratch, app);
    }

    /// <summary>
    /// The build's copy of <paramref name="home"/>, the build user's home in <paramref name="root"/>, made on first use;
    /// null when the image has no such directory (then, as in a container, there is no home to write to).
    /// </summary>
    public async Task<string?> HomeAsync(BuilderRoot root, string home, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (_home is not null)
        {
            return _home;
        }

        var source = root.HostPath(home);
        if (home.Trim('/').Length == 0 || !Directory.Exists(source) || new DirectoryInfo(source).LinkTarget is not null)
        {
            return null;
        }

        var copy = _scratch.Create("home");
        await AppDirectoryCopy.CopyAsync(source, copy, AppFileSelection.All, cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(copy, File.GetUnixFileMode(source) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return _home = copy;
    }

    /// <summary>Copies the build's SBOM files (<c>/layers/sbom</c>) into <paramref name="destination"/> (created).</summary>
    /// <exception cref="CodedException">BP8010 when they cannot be copied.</exception>
    public void CopySbomsTo(string destination)
    {
        var source = Path.Combine(Layers, "sbom");
        try
        {
            Directory.CreateDirectory(destination);
            if (!Directory.Exists(source))
            {
                return;
            }

            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(destination, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CodedException.Because(e, Messages.LocalSbomCopyFailed, destination, e.Message);
        }
    }

    private static string Kept(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, LayerModes.Directory);
        return path;
    }

    private string Make(string name, UnixFileMode mode)
    {
        var path = _scratch.Create(name);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
