using Buildpacks.Images;
using Buildpacks.Images.Layers;
using Buildpacks.Lifecycle.Toml;
using Buildpacks.Platform.Toml;
using Tomlyn.Model;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// The lifecycle a builder carries in <c>/cnb/lifecycle</c>: a directory holding either our multi-call
/// <c>lifecycle</c> binary (dispatched by argv[0], so each phase is a symlink to it) and <c>launcher</c>, or the
/// reference lifecycle's separate binaries and its <c>lifecycle.toml</c>.
/// </summary>
public sealed class LifecycleBinaries
{
    /// <summary>The phases a platform runs by name (Platform API, "Lifecycle Interface").</summary>
    public static readonly IReadOnlyList<string> Phases = ["analyzer", "builder", "creator", "detector", "exporter", "rebaser", "restorer"];

    private const string MultiCall = "lifecycle";
    private const string Launcher = "launcher";
    private const string DescriptorFile = "lifecycle.toml";

    private LifecycleBinaries(string directory, LifecycleDescriptor descriptor, bool hasDescriptorFile)
    {
        Directory = directory;
        Descriptor = descriptor;
        _hasDescriptorFile = hasDescriptorFile;
    }

    private readonly bool _hasDescriptorFile;

    /// <summary>The directory holding the binaries.</summary>
    public string Directory { get; }

    /// <summary>The lifecycle's version and APIs.</summary>
    public LifecycleDescriptor Descriptor { get; }

    /// <summary>
    /// Finds the lifecycle at <paramref name="path"/>: a directory, a binary (its directory is taken, as
    /// <c>launcher</c> sits beside it) or a tarball (unpacked into <paramref name="scratchDirectory"/>; a single top-level
    /// directory, as in the reference lifecycle's release tarballs, is descended into). <paramref name="version"/>,
    /// when given, overrides the version <c>lifecycle.toml</c> states.
    /// </summary>
    public static async Task<LifecycleBinaries> LoadAsync(string path, string? version, string scratchDirectory, CancellationToken cancellationToken)
    {
        var directory = path;
        if (File.Exists(path))
        {
            directory = IsTarball(path) ? await UnpackAsync(path, scratchDirectory, cancellationToken).ConfigureAwait(false) : Path.GetDirectoryName(Path.GetFullPath(path))!;
        }
        else if (!System.IO.Directory.Exists(path))
        {
            throw new PlatformException($"The lifecycle '{path}' does not exist; give the directory holding the lifecycle and launcher binaries.");
        }

        if (!File.Exists(Path.Combine(directory, Launcher))
            || (!File.Exists(Path.Combine(directory, MultiCall)) && !Phases.All(p => File.Exists(Path.Combine(directory, p)))))
        {
            throw new PlatformException(
                $"The lifecycle directory {directory} must hold 'launcher' and either the multi-call 'lifecycle' binary or every phase binary ({string.Join(", ", Phases)}); build the lifecycle (src/Lifecycle.Cli) or unpack a lifecycle release there.");
        }

        var descriptorPath = Path.Combine(directory, DescriptorFile);
        var descriptor = File.Exists(descriptorPath) ? ReadDescriptor(descriptorPath) : LifecycleDescriptor.OurLifecycle();
        if (!string.IsNullOrEmpty(version))
        {
            descriptor = descriptor with { Version = version };
        }

        return new LifecycleBinaries(directory, descriptor, File.Exists(descriptorPath));
    }

    /// <summary>
    /// The entries of the lifecycle layer, relative to <c>/cnb/lifecycle</c>: the files as they are (modes kept), a
    /// symlink per phase to the multi-call binary when the directory has no binary of that name, and a generated
    /// <c>lifecycle.toml</c> when it has none.
    /// </summary>
    public IReadOnlyList<LayerEntry> LayerEntries()
    {
        var entries = Images.Layers.LayerEntries.FromDirectory(Directory).Select(e => e with { Uid = 0, Gid = 0 }).ToList();
        if (File.Exists(Path.Combine(Directory, MultiCall)))
        {
            entries.AddRange(Phases.Where(p => !File.Exists(Path.Combine(Directory, p)) && !IsSymlink(Path.Combine(Directory, p)))
                .Select(p => LayerEntry.Symlink(p, MultiCall)));
        }

        if (!_hasDescriptorFile)
        {
            entries.Add(LayerEntry.TextFile(DescriptorFile, DescriptorToml(Descriptor)));
        }

        return entries;
    }

    /// <summary>The text of a <c>lifecycle.toml</c> for <paramref name="descriptor"/>, in the reference lifecycle's shape.</summary>
    public static string DescriptorToml(LifecycleDescriptor descriptor)
    {
        static TomlTable Set(ApiSet set) => new() { ["deprecated"] = set.Deprecated.ToTomlArray(), ["supported"] = set.Supported.ToTomlArray() };
        var api = new TomlTable();
        if (descriptor.Buildpack.Earliest is { } bp)
        {
            api["buildpack"] = bp;
        }

        if (descriptor.Platform.Earliest is { } platform)
        {
            api["platform"] = platform;
        }

        return TomlFileWriter.Serialize(new TomlTable
        {
            ["api"] = api,
            ["apis"] = new TomlTable { ["buildpack"] = Set(descriptor.Buildpack), ["platform"] = Set(descriptor.Platform) },
            ["lifecycle"] = new TomlTable { ["version"] = descriptor.Version },
        });
    }

    /// <summary>Reads a <c>lifecycle.toml</c>: <c>[apis.*] supported, deprecated</c>, falling back to the legacy <c>[api]</c>.</summary>
    public static LifecycleDescriptor ReadDescriptor(string path) =>
        ConfigToml.Read(path, "lifecycle descriptor (lifecycle.toml)", UnknownKeys.Ignore, ReadDescriptor);

    // The reference lifecycle writes this file, and newer ones may add keys: they are ignored.
    private static LifecycleDescriptor ReadDescriptor(TomlSection root)
    {
        var apis = root.GetTable("apis");
        var api = root.GetTable("api");
        ApiSet Read(string name)
        {
            if (apis?.GetTable(name) is { } set)
            {
                return new ApiSet(set.GetStringArray("supported"), set.GetStringArray("deprecated"));
            }

            return api?.GetString(name) is { } single ? new ApiSet([single], []) : new ApiSet([], []);
        }

        return new LifecycleDescriptor(root.GetTable("lifecycle")?.GetString("version") ?? "", Read("buildpack"), Read("platform"));
    }

    private static bool IsTarball(string path) =>
        path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase);

    private static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;

    private static async Task<string> UnpackAsync(string archive, string scratchDirectory, CancellationToken cancellationToken)
    {
        var destination = Path.Combine(scratchDirectory, $"lifecycle-{Guid.NewGuid():N}");
        try
        {
            await LayerExtractor.ExtractFileAsync(archive, destination, new LayerExtractOptions { ApplyWhiteouts = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageException e)
        {
            throw new PlatformException($"The lifecycle tarball {archive} cannot be unpacked ({e.Message}); give a lifecycle release .tgz or a directory.", e);
        }

        return !File.Exists(Path.Combine(destination, Launcher)) && System.IO.Directory.GetFileSystemEntries(destination) is [var only] && System.IO.Directory.Exists(only)
            ? only
            : destination;
    }
}
