using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The layers of the app image being assembled, each with its history entry: the run image's first, then what the
/// exporter adds. A freshly written layer whose diff ID equals the one the previous image recorded for it is taken
/// from the previous image instead (lifecycle <c>addOrReuseBuildpackLayer</c>), so a registry store mounts or skips it
/// rather than uploading it again.
/// </summary>
public sealed class AppImageLayers
{
    private readonly StoredImage? _previous;
    private readonly Dictionary<Digest, ImageLayer> _previousLayers = [];
    private readonly DateTimeOffset _created;
    private readonly List<LayerToWrite> _layers = [];
    private readonly List<HistoryEntry> _history = [];

    /// <summary>Starts with every layer and history entry of <paramref name="runImage"/>.</summary>
    public AppImageLayers(StoredImage runImage, StoredImage? previousImage, DateTimeOffset created)
    {
        _previous = previousImage;
        _created = created;
        if (previousImage is not null)
        {
            foreach (var layer in previousImage.Layers)
            {
                _previousLayers.TryAdd(layer.DiffId, layer);
            }
        }

        var runLayers = runImage.Layers;
        _layers.AddRange(runLayers.Select(l => LayerToWrite.From(runImage, l)));

        // History must stay in step with the layers: a run image whose history does not describe each of its layers
        // (none at all, or squashed) gets one blank entry per layer instead.
        var runHistory = runImage.Config.History ?? [];
        _history.AddRange(runHistory.Count(h => !h.EmptyLayer) == runLayers.Count ? runHistory : runLayers.Select(_ => new HistoryEntry()));
        TopLayer = runLayers.Count > 0 ? runLayers[^1].DiffId.ToString() : "";
    }

    /// <summary>The run image's top layer (what a rebase replaces up to).</summary>
    public string TopLayer { get; }

    /// <summary>The layers, base first.</summary>
    public IReadOnlyList<LayerToWrite> Layers => _layers;

    /// <summary>The history, in step with <see cref="Layers"/>.</summary>
    public IReadOnlyList<HistoryEntry> History => _history;

    /// <summary>Ids of layers taken from the previous image.</summary>
    public List<string> Reused { get; } = [];

    /// <summary>Ids of layers written afresh.</summary>
    public List<string> Added { get; } = [];

    /// <summary>
    /// Adds <paramref name="layer"/>, or the previous image's copy when its diff ID is <paramref name="previousSha"/>;
    /// only a layer that is added has its blob written (compressed).
    /// </summary>
    /// <returns>True when the previous image's layer was reused.</returns>
    public async Task<bool> AddOrReuseAsync(ExportedLayer layer, string? previousSha, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Sha == previousSha && _previous is not null && _previousLayers.TryGetValue(layer.DiffId, out var stored))
        {
            Append(LayerToWrite.From(_previous, stored), layer.CreatedBy);
            Reused.Add(layer.Id);
            return true;
        }

        var written = await layer.WriteAsync(cancellationToken).ConfigureAwait(false);
        Append(written.ToLayerToWrite(), layer.CreatedBy);
        Added.Add(layer.Id);
        return false;
    }

    /// <summary>
    /// Adds the previous image's layer <paramref name="sha"/> unchanged: a launch layer the buildpack kept without
    /// restoring its contents (Buildpack API, "launch = true" without a directory).
    /// </summary>
    /// <exception cref="InvalidOperationException">The previous image has no such layer.</exception>
    public void Reuse(string id, string sha, string createdBy)
    {
        if (_previous is null || !Digest.TryParse(sha, out var digest) || !_previousLayers.TryGetValue(digest, out var stored))
        {
            throw new InvalidOperationException($"cannot reuse '{id}': the previous image has no layer {sha}");
        }

        Append(LayerToWrite.From(_previous, stored), createdBy);
        Reused.Add(id);
    }

    private void Append(LayerToWrite layer, string createdBy)
    {
        _layers.Add(layer);
        _history.Add(new HistoryEntry { Created = _created, CreatedBy = createdBy });
    }
}
