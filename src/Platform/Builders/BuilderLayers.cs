using Buildpacks.Images.Layers;
using Buildpacks.Images.Stores;

namespace Buildpacks.Platform.Builders;

/// <summary>Writes the builder's own small layers into a scratch directory, reproducibly (fixed times, root-owned unless said).</summary>
internal sealed class BuilderLayers(string scratchDirectory, CancellationToken cancellationToken)
{
    /// <summary>
    /// The directories pack creates: <c>/workspace</c> and <c>/layers</c> owned by the build user; <c>/cnb</c>,
    /// <c>/cnb/buildpacks</c>, <c>/cnb/extensions</c>, <c>/platform/env</c>, <c>/cnb/build-config/env</c> root-owned 0755.
    /// </summary>
    public Task<LayerToWrite> DirectoriesAsync(int uid, int gid)
    {
        var owned = new[] { BuilderFiles.Workspace, BuilderFiles.Layers }
            .Select(d => LayerEntry.Directory(d.TrimStart('/'), LayerModes.Directory) with { Uid = uid, Gid = gid });
        var rootOwned = new[] { "/cnb", "/cnb/buildpacks", "/cnb/extensions", "/platform", BuilderFiles.PlatformEnv, "/cnb/build-config", BuilderFiles.BuildConfigEnv }
            .Select(d => LayerEntry.Directory(d.TrimStart('/'), LayerModes.Directory));
        return WriteAsync(owned.Concat(rootOwned), new LayerWriteOptions());
    }

    /// <summary><c>/cnb/lifecycle/*</c>.</summary>
    public Task<LayerToWrite> LifecycleAsync(LifecycleBinaries lifecycle) =>
        WriteAsync(lifecycle.LayerEntries(), new LayerWriteOptions { TargetDirectory = BuilderFiles.LifecycleDirectory.TrimStart('/') });

    /// <summary>A layer holding one root-owned 0644 file at <paramref name="path"/>.</summary>
    public Task<LayerToWrite> FileAsync(string path, string content) =>
        WriteAsync([LayerEntry.TextFile(path.TrimStart('/'), content, LayerModes.File)], new LayerWriteOptions());

    /// <summary><c>/cnb/build-config/env/&lt;name&gt;[.&lt;suffix&gt;]</c> and <c>&lt;name&gt;.delim</c> files.</summary>
    public Task<LayerToWrite> BuildConfigEnvAsync(IReadOnlyList<BuildConfigEnv> env)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in env)
        {
            // A later entry for the same file wins, as in pack.
            files[variable.FileName] = variable.Value;
            if (variable.Delim is { } delim)
            {
                files[$"{variable.Name}.delim"] = delim;
            }
        }

        return WriteAsync(
            files.Select(f => LayerEntry.TextFile(f.Key, f.Value, LayerModes.File)),
            new LayerWriteOptions { TargetDirectory = BuilderFiles.BuildConfigEnv.TrimStart('/') });
    }

    private async Task<LayerToWrite> WriteAsync(IEnumerable<LayerEntry> entries, LayerWriteOptions options)
    {
        var output = Path.Combine(scratchDirectory, $"layer-{Guid.NewGuid():N}.tar.gz");
        var written = await LayerWriter.WriteEntriesAsync(entries, output, options, cancellationToken).ConfigureAwait(false);
        return written.ToLayerToWrite();
    }
}
