using Buildpacks.Images.Layers;
using Buildpacks.Lifecycle.Launch;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The layers of the lifecycle's own files (lifecycle layers/launcher.go; notes §3.3): the launcher binary, and the
/// <c>/cnb/process/&lt;type&gt;</c> symlinks through which a container starts a process type. Both are root-owned and
/// world-readable whatever <c>CNB_USER_ID</c> is, so an app cannot replace its own launcher.
/// </summary>
public static class LauncherLayers
{
    /// <summary>Where the launcher lives in the app image.</summary>
    public const string LauncherPath = "/cnb/lifecycle/launcher";

    /// <summary>The directory of the process-type symlinks.</summary>
    public const string ProcessDir = "/cnb/process";

    /// <summary>The layer id of the launcher layer.</summary>
    public const string LauncherId = "buildpacksio/lifecycle:launcher";

    /// <summary>The history text of the launcher layer.</summary>
    public const string LauncherCreatedBy = "Buildpacks Application Launcher";

    /// <summary>The layer id of the process-types layer.</summary>
    public const string ProcessTypesId = "buildpacksio/lifecycle:process-types";

    /// <summary>The history text of the process-types layer.</summary>
    public const string ProcessTypesCreatedBy = "Buildpacks Process Types";

    // The reference lifecycle refuses these in a process type: they would escape /cnb/process or break a shell.
    private const string ForbiddenTypeCharacters = "/><:|&\\";

    /// <summary>The path that starts process <paramref name="type"/>.</summary>
    public static string ProcessPath(string type) => ProcessDir + "/" + type;

    /// <summary>Writes <c>/cnb</c>, <c>/cnb/lifecycle</c> (0755, root) and the launcher from <paramref name="launcherFile"/> (0755, root).</summary>
    /// <exception cref="FileNotFoundException">The launcher binary does not exist.</exception>
    public static Task<ExportedLayer> WriteLauncherAsync(ExportLayerFactory factory, string launcherFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(launcherFile))
        {
            throw new FileNotFoundException($"failed to stat launcher at path '{launcherFile}'", launcherFile);
        }

        LayerEntry[] entries =
        [
            RootDirectory("/cnb"),
            RootDirectory("/cnb/lifecycle"),
            LayerEntry.File(LauncherPath, LayerEntryContent.FromFile(launcherFile), LayerModes.Executable) with { Uid = 0, Gid = 0 },
        ];
        return factory.EntriesLayerAsync(LauncherId, LauncherCreatedBy, entries, cancellationToken);
    }

    /// <summary>Writes <c>/cnb</c>, <c>/cnb/process</c> and a symlink per process type to <see cref="LauncherPath"/>.</summary>
    /// <exception cref="ArgumentException">A process type is empty or holds a forbidden character.</exception>
    public static Task<ExportedLayer> WriteProcessTypesAsync(ExportLayerFactory factory, IReadOnlyList<LaunchProcess> processes, CancellationToken cancellationToken)
    {
        var entries = new List<LayerEntry> { RootDirectory("/cnb"), RootDirectory(ProcessDir) };
        foreach (var process in processes)
        {
            if (process.Type.Length == 0)
            {
                throw new ArgumentException("type is required for all processes");
            }

            if (process.Type.IndexOfAny(ForbiddenTypeCharacters.ToCharArray()) >= 0)
            {
                throw new ArgumentException($"invalid process type '{process.Type}': type may not contain characters '{ForbiddenTypeCharacters}'");
            }

            // lc writes the symlinks 0755 (not Linux's 0777), root-owned, with the absolute launcher path as target.
            entries.Add(LayerEntry.Symlink(ProcessPath(process.Type), LauncherPath) with { Mode = LayerModes.Executable, Uid = 0, Gid = 0 });
        }

        return factory.EntriesLayerAsync(ProcessTypesId, ProcessTypesCreatedBy, entries, cancellationToken);
    }

    private static LayerEntry RootDirectory(string path) => LayerEntry.Directory(path, LayerModes.Directory) with { Uid = 0, Gid = 0 };
}
