using Buildpacks.Images.Layers;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.AppFiles;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The tar archives a build copies into its containers (Docker's <c>PUT /containers/{id}/archive</c>, extracted at
/// <c>/</c>): the app, owned by the builder's build user, and the platform directory's env files. Entries carry fixed
/// times, so the same publish output gives the same app layer.
/// </summary>
internal static class ContainerArchives
{
    /// <summary>
    /// Writes the app archive of <paramref name="request"/> to <paramref name="output"/>: the files of
    /// <see cref="BuildRequest.AppDirectory"/> that its include/exclude globs select, under
    /// <see cref="BuildRequest.ImageAppDirectory"/>, which itself is owned by <paramref name="uid"/>:<paramref name="gid"/>
    /// (so the build user can write there even when the directory is a fresh volume).
    /// </summary>
    public static async Task WriteAppAsync(BuildRequest request, int uid, int gid, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var selection = AppFileSelection.Create(request.Include, request.Exclude);
        var target = request.ImageAppDirectory.Trim('/');
        var entries = new List<LayerEntry>();

        // Parents of the app directory stay root's; the app directory and everything in it is the build user's.
        var parts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            entries.Add(LayerEntry.Directory(string.Join('/', parts[..(i + 1)]), LayerModes.Directory) with { Uid = 0, Gid = 0 });
        }

        entries.Add(LayerEntry.Directory(target, LayerModes.Directory) with { Uid = uid, Gid = gid });
        foreach (var file in selection.Enumerate(request.AppDirectory))
        {
            var path = target + "/" + file.RelativePath;
            var entry = file.Kind switch
            {
                AppFileKind.Directory => LayerEntry.Directory(path, ModeOf(file.FullPath, AppFileKind.Directory, OperatingSystem.IsWindows())),
                AppFileKind.SymbolicLink => LayerEntry.Symlink(path, new FileInfo(file.FullPath).LinkTarget!),
                _ => LayerEntry.File(path, LayerEntryContent.FromFile(file.FullPath), ModeOf(file.FullPath, AppFileKind.File, OperatingSystem.IsWindows())),
            };
            entries.Add(entry with { Uid = uid, Gid = gid });
        }

        await LayerWriter.WriteTarAsync(entries, output, new LayerWriteOptions { Uid = uid, Gid = gid }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The platform directory's env files (Platform API, "Platform directory": <c>/platform/env/&lt;NAME&gt;</c> holds the
    /// value, no newline added), root-owned and readable by the build user.
    /// </summary>
    public static async Task<MemoryStream> PlatformEnvAsync(IReadOnlyList<KeyValuePair<string, string>> environment, CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            files[name] = value; // a later value of the same name wins, as with MSBuild items
        }

        var entries = new List<LayerEntry>
        {
            LayerEntry.Directory("platform", LayerModes.Directory),
            LayerEntry.Directory("platform/env", LayerModes.Directory),
        };
        entries.AddRange(files.Select(f => LayerEntry.TextFile("platform/env/" + f.Key, f.Value, LayerModes.File)));
        var output = new MemoryStream();
        await LayerWriter.WriteTarAsync(entries, output, new LayerWriteOptions(), cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <summary>
    /// <c>/cnb/run.toml</c> with <paramref name="text"/>, root-owned and readable by all: the run.toml of this build
    /// (<see cref="RunImageChoice"/>), copied over the builder's (or into a lifecycle image, which has none).
    /// </summary>
    public static async Task<Stream> RunTomlAsync(string text, CancellationToken cancellationToken)
    {
        var output = new MemoryStream();
        await LayerWriter.WriteTarAsync([LayerEntry.TextFile(BuilderRunToml, text, LayerModes.File)], output, new LayerWriteOptions(), cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <summary>
    /// The mode an app file gets in the image. On Linux and macOS the host's permission bits, so executables (a
    /// self-contained app's apphost, scripts) stay executable. Windows has no such bits: a file that a Linux container
    /// would run (an ELF binary, such as the apphost of a linux-x64 publish, or a <c>#!</c> script) gets 0755 and any
    /// other 0644, directories 0755. (pack, for the same reason, writes every file from Windows 0777.)
    /// </summary>
    internal static UnixFileMode ModeOf(string path, AppFileKind kind, bool windowsHost)
    {
        if (!windowsHost && !OperatingSystem.IsWindows())
        {
            return File.GetUnixFileMode(path);
        }

        return kind == AppFileKind.Directory || StartsLikeAnExecutable(path) ? LayerModes.Executable : LayerModes.File;
    }

    private const string BuilderRunToml = "cnb/run.toml";

    private static bool StartsLikeAnExecutable(string path)
    {
        Span<byte> start = stackalloc byte[4];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var head = start[..read];
        return head.SequenceEqual("\u007FELF"u8) || head.StartsWith("#!"u8);
    }
}
