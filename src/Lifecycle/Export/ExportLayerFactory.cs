using Buildpacks.Images.Layers;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// Writes the exporter's layers the way the reference lifecycle does (lifecycle layers/, archive/; notes §3.4):
/// absolute entry names without a trailing slash, every entry at 1980-01-01T00:00:01Z, the exported directory and
/// everything under it owned by <c>CNB_USER_ID:CNB_GROUP_ID</c>, its parents as they are on disk. Blobs go to a
/// scratch directory and are gzipped; the diff ID is what reuse decisions compare. With deferred blobs (when there is a
/// previous image or a cache to reuse from) a layer is only hashed at first, and compressed when its blob is asked for
/// (<see cref="ExportedLayer.WriteAsync"/>): an unchanged layer is never compressed again, as the reference lifecycle
/// writes plain tars and lets the image store compress only what it sends.
/// </summary>
public sealed class ExportLayerFactory
{
    private readonly string _scratchDirectory;
    private readonly LayerWriteOptions _options;
    private readonly bool _deferBlobs;
    private readonly LayerDiffIdCache? _diffIds;
    private int _written;

    /// <summary>
    /// Creates a factory writing to <paramref name="scratchDirectory"/> with owner <paramref name="uid"/>:<paramref name="gid"/>
    /// and blobs of <paramref name="mediaType"/> (OCI or Docker gzip); with <paramref name="deferBlobs"/>, a layer's
    /// blob is written only when asked for; with <paramref name="diffIds"/>, a layer whose files are as they were at an
    /// earlier export is not hashed again.
    /// </summary>
    public ExportLayerFactory(string scratchDirectory, int uid, int gid, string mediaType = Images.Model.MediaTypes.OciLayerGzip, bool deferBlobs = false, LayerDiffIdCache? diffIds = null)
    {
        _scratchDirectory = scratchDirectory;
        _diffIds = diffIds;
        Uid = uid;
        Gid = gid;
        _deferBlobs = deferBlobs;
        _options = new LayerWriteOptions { Naming = LayerEntryNaming.Absolute, Uid = uid, Gid = gid, MediaType = mediaType };
    }

    /// <summary>The owner of exported directories (<c>CNB_USER_ID</c>).</summary>
    public int Uid { get; }

    /// <summary>The group of exported directories (<c>CNB_GROUP_ID</c>).</summary>
    public int Gid { get; }

    /// <summary>
    /// A layer of <paramref name="directory"/> and everything under it at its image path (lifecycle
    /// <c>Factory.DirLayer</c>), preceded by its parent directories.
    /// </summary>
    public Task<ExportedLayer> DirectoryLayerAsync(string id, string createdBy, string directory, PathMapping mapping, CancellationToken cancellationToken)
    {
        var imagePath = mapping.ToImage(directory);
        var entries = new List<LayerEntry>(mapping.ParentEntries(directory, Uid, Gid))
        {
            LayerEntry.Directory(imagePath, PathMapping.ModeOf(directory)),
        };
        entries.AddRange(LayerEntries.FromDirectory(directory).Select(e => Rebase(e, imagePath)));
        return EntriesLayerAsync(id, createdBy, entries, cancellationToken);
    }

    /// <summary>A layer of <paramref name="entries"/> (absolute paths; ownership not set on an entry is the export owner).</summary>
    public async Task<ExportedLayer> EntriesLayerAsync(string id, string createdBy, IEnumerable<LayerEntry> entries, CancellationToken cancellationToken)
    {
        var file = Path.Combine(_scratchDirectory, $"{Interlocked.Increment(ref _written):D3}-{FileNameOf(id)}");
        var list = entries.ToList();
        if (!_deferBlobs)
        {
            var written = await LayerWriter.WriteEntriesAsync(list, file, _options, cancellationToken).ConfigureAwait(false);
            _diffIds?.Remember(list, _options, written.DiffId);
            return new ExportedLayer(id, createdBy, written);
        }

        if (_diffIds is null)
        {
            var diffId = await LayerWriter.DiffIdAsync(list, _options, cancellationToken).ConfigureAwait(false);
            return new ExportedLayer(id, createdBy, diffId, ct => LayerWriter.WriteEntriesAsync(list, file, _options, ct));
        }

        var (known, recorded) = await _diffIds.DiffIdAsync(list, _options, ct => LayerWriter.DiffIdAsync(list, _options, ct), cancellationToken).ConfigureAwait(false);
        return new ExportedLayer(id, createdBy, known, async ct =>
        {
            var written = await LayerWriter.WriteEntriesAsync(list, file, _options, ct).ConfigureAwait(false);
            if (recorded is not null && written.DiffId != known)
            {
                // A file was rewritten keeping its size and time: the record is wrong, and this export fails (the layer
                // does not match its diff ID); the next one hashes the files.
                _diffIds.Forget(recorded);
            }

            return written;
        });
    }

    /// <summary>Moves an entry read relative to a directory to that directory's image path.</summary>
    internal static LayerEntry Rebase(LayerEntry entry, string imagePath)
    {
        var prefix = imagePath.TrimEnd('/') + "/";
        return entry.Type == LayerEntryType.Hardlink
            ? entry with { Path = prefix + entry.Path, LinkTarget = prefix + entry.LinkTarget }
            : entry with { Path = prefix + entry.Path };
    }

    // Layer ids hold '/' and ':' (buildpack ids, "buildpacksio/lifecycle:config"); the file name is a counter plus a readable hint.
    private static string FileNameOf(string id) =>
        string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')) + ".tgz";
}
