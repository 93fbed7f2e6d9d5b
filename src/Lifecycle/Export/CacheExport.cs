using Buildpacks.Images.Model;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Metadata;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// Saves the <c>cache = true</c> layers and <c>&lt;layers&gt;/sbom/cache</c> to the build cache after the image is
/// written (lifecycle phase/cache.go <c>Exporter.Cache</c>; notes §5). A layer whose diff ID is what the old cache
/// recorded, and which the old cache still holds intact, is carried over without copying; everything else is added.
/// A layer that cannot be cached is skipped with a warning; the caller turns any other failure into a warning too.
/// </summary>
internal sealed class CacheExport
{
    private readonly ExportLayerFactory _factory;
    private readonly PathMapping _layersMapping;
    private readonly ILifecycleLog _log;
    private readonly IReadOnlyDictionary<string, ExportedLayer> _alreadyWritten;

    /// <param name="factory">Writes the layer tars (with the same normalisation as the image's).</param>
    /// <param name="layersMapping">The paths cached tars hold: the layers dir's own (the restorer extracts them back there).</param>
    /// <param name="alreadyWritten">Launch layers written for the image, by id: a launch+cache layer is not written twice.</param>
    /// <param name="log">Where warnings go.</param>
    public CacheExport(ExportLayerFactory factory, PathMapping layersMapping, IReadOnlyDictionary<string, ExportedLayer> alreadyWritten, ILifecycleLog log)
    {
        _factory = factory;
        _layersMapping = layersMapping;
        _alreadyWritten = alreadyWritten;
        _log = log;
    }

    public async Task ExportAsync(IReadOnlyList<BuildpackLayersDirectory> buildpacks, string layersDir, ILayerCache cache, CancellationToken cancellationToken)
    {
        if (!cache.Exists)
        {
            _log.Info("Layer cache not found");
        }

        var previous = await cache.RetrieveMetadataAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<BuildpackLayersMetadata>();
        foreach (var directory in buildpacks)
        {
            var layers = new SortedDictionary<string, LayerRecord>(StringComparer.Ordinal);
            foreach (var layer in directory.Layers.Where(l => l.Types.Cache))
            {
                var id = directory.LayerId(layer);
                if (!Directory.Exists(layer.Directory))
                {
                    _log.Warn($"Failed to cache layer '{id}' because it has no contents");
                    continue;
                }

                var written = _alreadyWritten.TryGetValue(id, out var launchLayer)
                    ? launchLayer
                    : await _factory.DirectoryLayerAsync(id, directory.CreatedBy(layer), layer.Directory, _layersMapping, cancellationToken).ConfigureAwait(false);
                var previousSha = previous.ForBuildpack(directory.Buildpack.Id)?.Layers.GetValueOrDefault(layer.Name)?.Sha;
                await AddOrReuseAsync(cache, written, previousSha, cancellationToken).ConfigureAwait(false);
                layers[layer.Name] = LayerRecords.For(layer, written.Sha);
            }

            entries.Add(new BuildpackLayersMetadata { Key = directory.Buildpack.Id, Version = directory.Buildpack.Version, Layers = layers });
        }

        LayerSha? sbom = null;
        var sbomDir = Path.Combine(layersDir, "sbom", "cache");
        if (Directory.Exists(sbomDir))
        {
            var written = await _factory.DirectoryLayerAsync("buildpacksio/lifecycle:cache.sbom", SbomLayer.CreatedBy, sbomDir, _layersMapping, cancellationToken).ConfigureAwait(false);
            await AddOrReuseAsync(cache, written, previous.SbomSha, cancellationToken).ConfigureAwait(false);
            sbom = new LayerSha(written.Sha);
        }

        await cache.SetMetadataAsync(new CacheMetadata { Sbom = sbom, Buildpacks = entries }, cancellationToken).ConfigureAwait(false);
        await cache.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AddOrReuseAsync(ILayerCache cache, ExportedLayer layer, string? previousSha, CancellationToken cancellationToken)
    {
        if (layer.Sha == previousSha)
        {
            try
            {
                await cache.VerifyLayerAsync(layer.DiffId, cancellationToken).ConfigureAwait(false);
                await cache.ReuseLayerAsync(layer.DiffId, cancellationToken).ConfigureAwait(false);
                _log.Info($"Reusing cache layer '{layer.Id}'");
                return;
            }
            catch (CacheReadException e)
            {
                // A cached tar that is gone or corrupt is re-added from the fresh one (a warning, not an error).
                _log.Warn($"Skipping reuse for layer {layer.Id}: {e.Message}");
            }
        }

        _log.Info($"Adding cache layer '{layer.Id}'");
        var written = await layer.WriteAsync(cancellationToken).ConfigureAwait(false);
        await cache.AddLayerFileAsync(written.Path, layer.DiffId, cancellationToken).ConfigureAwait(false);
    }
}
