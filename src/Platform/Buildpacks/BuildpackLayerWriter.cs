using Buildpacks.Images.Layers;
using Buildpacks.Lifecycle;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// Writes a buildpack directory as the layer images carry it: everything under
/// <c>/cnb/buildpacks/&lt;escaped id&gt;/&lt;version&gt;/</c>, root-owned, directories 0755, files 0755 when any execute bit is
/// set or they are <c>bin/build</c>, <c>bin/detect</c> or <c>bin/generate</c>, and 0644 otherwise (pack's normalisation: a
/// build host's umask must not change the digest), fixed times.
/// </summary>
public static class BuildpackLayerWriter
{
    /// <summary>Reads <c>buildpack.toml</c> in <paramref name="directory"/> and writes the layer into <paramref name="scratchDirectory"/>.</summary>
    public static async Task<BuildpackLayer> WriteAsync(string directory, string scratchDirectory, string source, CancellationToken cancellationToken)
    {
        var descriptor = ReadDescriptor(directory, source);
        var entries = LayerEntries.FromDirectory(directory).Select(Normalize).ToList();
        var options = new LayerWriteOptions
        {
            // Relative to the layer root: the writer adds /cnb, /cnb/buildpacks, the id and version directories.
            TargetDirectory = BuildpackLayout.DirectoryOf(descriptor.Id, descriptor.Version).TrimStart('/'),
            ParentDirectoryMode = LayerModes.Directory,
            DirectoryMode = LayerModes.Directory,
        };
        var output = Path.Combine(scratchDirectory, $"buildpack-{Guid.NewGuid():N}.tar.gz");
        var written = await LayerWriter.WriteEntriesAsync(entries, output, options, cancellationToken).ConfigureAwait(false);
        return new BuildpackLayer
        {
            Id = descriptor.Id,
            Version = descriptor.Version,
            Api = descriptor.Api.ToString(),
            Name = descriptor.Name,
            Homepage = descriptor.Homepage,
            Targets = descriptor.Targets,
            Order = descriptor.Order,
            Layer = written.ToLayerToWrite(),
            Source = source,
        };
    }

    private static BuildpackDescriptor ReadDescriptor(string directory, string source)
    {
        if (!File.Exists(Path.Combine(directory, "buildpack.toml")))
        {
            throw new BuildpackException($"The buildpack {source} has no buildpack.toml at its root ({directory}); point at the directory that holds it.");
        }

        try
        {
            return BuildpackToml.Read(directory);
        }
        catch (TomlFileException e)
        {
            throw new BuildpackException($"The buildpack {source} has an invalid buildpack.toml: {e.Message}", e);
        }
        catch (LifecycleException e)
        {
            throw new BuildpackException($"The buildpack {source} cannot be used: {e.Message}", e);
        }
    }

    // The lifecycle's entry points are executable whatever the source said, as pack makes them (calcFileMode): a
    // buildpack written on Windows, or checked out without execute bits, still detects and builds.
    private static readonly string[] EntryPoints = ["bin/build", "bin/detect", "bin/generate"];

    private static LayerEntry Normalize(LayerEntry entry) => entry.Type switch
    {
        LayerEntryType.Directory => entry with { Mode = LayerModes.Directory, Uid = 0, Gid = 0 },
        LayerEntryType.File => entry with
        {
            Mode = IsExecutable(entry.Mode) || EntryPoints.Contains(entry.Path.TrimStart('/'), StringComparer.Ordinal) ? LayerModes.Executable : LayerModes.File,
            Uid = 0,
            Gid = 0,
        },
        _ => entry with { Uid = 0, Gid = 0 },
    };

    private static bool IsExecutable(UnixFileMode? mode) =>
        ((mode ?? LayerModes.File) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
