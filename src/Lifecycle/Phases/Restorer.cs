using Buildpacks.Images;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>
/// The restore phase (Platform API, "restorer"; lc <c>phase/restorer.go</c>, <c>internal/layer/metadata_restorer.go</c>):
/// <list type="number">
/// <item>writes each buildpack's <c>store.toml</c> from the previous image's metadata;</item>
/// <item>unless layers are skipped, writes <c>&lt;layer&gt;.toml</c> (metadata only, never <c>[types]</c>: types are not
/// restored, Buildpack API "Layer Types") for the previous image's launch layers that are either not build layers or
/// are cached and in the cache, and for the cache's cache layers that are not launch layers;</item>
/// <item>restores the content of every cached layer whose <c>.toml</c> is present when the SHA recorded with the restored
/// metadata equals the cache's; otherwise, or when the cache cannot give the layer, warns and removes the layer;</item>
/// <item>restores the cache SBOM layer and copies SBOM files next to the buildpacks' layers;</item>
/// <item>resolves the run image to a digest reference and fills in its target when analyzed.toml lacks them.</item>
/// </list>
/// Every failure exits 42. Reads <see cref="LifecycleInputs.LayersDir"/>, <c>GroupPath</c>, <c>AnalyzedPath</c>,
/// <c>Cache</c>, <c>SkipLayers</c>, <c>RunImageStore</c> (without one, analyzed.toml's run image stays as it is) and
/// <c>ImagePlatform</c>.
/// </summary>
public sealed class Restorer
{
    private readonly LifecycleInputs _inputs;
    private readonly ILifecycleLog _log;

    /// <summary>Creates a restorer.</summary>
    public Restorer(LifecycleInputs inputs, ILifecycleLog log)
    {
        _inputs = inputs;
        _log = log;
    }

    /// <summary>Restores.</summary>
    /// <exception cref="LifecycleException">Exit code 42 on any failure (1 when group.toml cannot be read).</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var group = PlatformInput.Read(_inputs.GroupPath, GroupToml.Read);
        try
        {
            var analysis = AnalyzedToml.Read(_inputs.AnalyzedPath);
            await ResolveRunImageAsync(analysis, cancellationToken).ConfigureAwait(false);
            var cacheMetadata = await ReadCacheMetadataAsync(cancellationToken).ConfigureAwait(false);
            RestoreStoreToml(group, analysis.Metadata);
            var restoredShas = _inputs.SkipLayers
                ? new Dictionary<(string, string), string>()
                : RestoreLayerMetadata(group, analysis.Metadata, cacheMetadata);
            if (_inputs.SkipLayers)
            {
                _log.Info("Skipping buildpack layer analysis");
            }

            await RestoreCachedLayersAsync(group, cacheMetadata, restoredShas, cancellationToken).ConfigureAwait(false);
            await RestoreSbomAsync(group, cacheMetadata, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ImageException or CacheException or IOException or UnauthorizedAccessException or TomlFileException or InvalidImageReferenceException)
        {
            throw new LifecycleException(LifecycleExitCodes.RestoreError, e.Message, e);
        }
    }

    private async Task<CacheMetadata> ReadCacheMetadataAsync(CancellationToken cancellationToken)
    {
        if (_inputs.Cache is not { } cache)
        {
            _log.Debug("Usable cache not provided, using empty cache metadata");
            return CacheMetadata.Empty;
        }

        if (!cache.Exists)
        {
            _log.Info("Layer cache not found");
        }

        return await cache.RetrieveMetadataAsync(cancellationToken).ConfigureAwait(false);
    }

    private void RestoreStoreToml(IReadOnlyList<GroupElement> group, LayersMetadata metadata)
    {
        foreach (var buildpack in group)
        {
            if (metadata.ForBuildpack(buildpack.Id)?.Store is { } store)
            {
                StoreToml.Write(Path.Combine(CreatedBuildpackDir(buildpack), "store.toml"), TomlJsonConversion.ToTomlOrEmpty(store.Metadata));
            }
        }
    }

    /// <summary>Writes the layer .toml files and returns the SHA each restored layer was recorded with.</summary>
    private Dictionary<(string Buildpack, string Layer), string> RestoreLayerMetadata(
        IReadOnlyList<GroupElement> group,
        LayersMetadata metadata,
        CacheMetadata cacheMetadata)
    {
        var shas = new Dictionary<(string, string), string>();
        foreach (var buildpack in group)
        {
            var appLayers = metadata.ForBuildpack(buildpack.Id)?.Layers ?? new Dictionary<string, LayerRecord>();
            var cachedLayers = cacheMetadata.ForBuildpack(buildpack.Id)?.Layers ?? new Dictionary<string, LayerRecord>();
            foreach (var (name, layer) in appLayers.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                var identifier = $"{buildpack.Id}:{name}";
                if (!layer.Launch)
                {
                    _log.Debug($"Not restoring metadata for \"{identifier}\", marked as launch=false");
                }
                else if (layer.Build && !layer.Cache)
                {
                    // A build layer must be in the build container, so the buildpack always recreates it.
                    _log.Debug($"Not restoring metadata for \"{identifier}\", marked as build=true, cache=false");
                }
                else if (layer.Cache && !(cachedLayers.TryGetValue(name, out var cached) && cached.Cache))
                {
                    // No metadata without content: the buildpack must see it has to recreate the layer.
                    _log.Debug($"Not restoring metadata for \"{identifier}\", marked as cache=true, but not found in cache");
                }
                else
                {
                    _log.Info($"Restoring metadata for \"{identifier}\" from app image");
                    WriteLayerToml(buildpack, name, layer, shas);
                }
            }

            foreach (var (name, layer) in cachedLayers.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                var identifier = $"{buildpack.Id}:{name}";
                if (!layer.Cache)
                {
                    _log.Debug($"Not restoring \"{identifier}\" from cache, marked as cache=false");
                }
                else if (layer.Launch && (appLayers.ContainsKey(name) || !_inputs.PlatformApi.RestoresCachedLaunchLayersMissingFromImage))
                {
                    _log.Debug($"Not restoring \"{identifier}\" from cache, marked as launch=true");
                }
                else
                {
                    _log.Info($"Restoring metadata for \"{identifier}\" from cache");
                    WriteLayerToml(buildpack, name, layer, shas);
                }
            }
        }

        return shas;
    }

    private void WriteLayerToml(GroupElement buildpack, string name, LayerRecord layer, Dictionary<(string, string), string> shas)
    {
        LayerToml.WriteRestored(Path.Combine(CreatedBuildpackDir(buildpack), name + ".toml"), TomlJsonConversion.ToTomlOrEmpty(layer.Data));
        shas[(buildpack.Id, name)] = layer.Sha;
    }

    private async Task RestoreCachedLayersAsync(
        IReadOnlyList<GroupElement> group,
        CacheMetadata cacheMetadata,
        Dictionary<(string Buildpack, string Layer), string> restoredShas,
        CancellationToken cancellationToken)
    {
        foreach (var buildpack in group)
        {
            var cachedLayers = cacheMetadata.ForBuildpack(buildpack.Id)?.Layers ?? new Dictionary<string, LayerRecord>();
            foreach (var (name, cached) in cachedLayers.Where(l => l.Value.Cache).OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                if (!File.Exists(Path.Combine(BuildpackDir(buildpack), name + ".toml")))
                {
                    continue;
                }

                var identifier = $"{buildpack.Id}:{name}";
                var sha = restoredShas.GetValueOrDefault((buildpack.Id, name), "");
                if (sha != cached.Sha)
                {
                    _log.Warn($"Removing \"{identifier}\", wrong sha");
                    _log.Debug($"Layer sha: \"{sha}\", cache sha: \"{cached.Sha}\"");
                    RemoveLayer(buildpack, name);
                    continue;
                }

                _log.Info($"Restoring data for \"{identifier}\" from cache");
                try
                {
                    await RestoreFromCacheAsync(cached.Sha, cancellationToken).ConfigureAwait(false);
                }
                catch (CacheReadException e)
                {
                    // lc only skips the content here; the metadata goes too, so that the buildpack does not take a
                    // layer without content for a restored one.
                    _log.Warn($"Skipping restore for layer {identifier}: {e.Message}");
                    RemoveLayer(buildpack, name);
                }
            }
        }
    }

    private async Task RestoreFromCacheAsync(string sha, CancellationToken cancellationToken)
    {
        var cache = _inputs.Cache ?? throw new CacheReadException("restoring layer: cache not provided");
        if (!Digest.TryParse(sha, out var diffId))
        {
            throw new CacheReadException($"'{sha}' is not a layer digest");
        }

        await cache.VerifyLayerAsync(diffId, cancellationToken).ConfigureAwait(false);
        var layer = await cache.RetrieveLayerAsync(diffId, cancellationToken).ConfigureAwait(false);
        await using (layer.ConfigureAwait(false))
        {
            await LayersDirectoryExtractor.ExtractAsync(layer, _inputs.LayersDir, _inputs.ImageLayersDir, !_inputs.BuildUserIsThisUser, cancellationToken).ConfigureAwait(false);
        }
    }

    private void RemoveLayer(GroupElement buildpack, string name)
    {
        var path = Path.Combine(BuildpackDir(buildpack), name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        File.Delete(path + ".toml");
        File.Delete(path + ".sha");
    }

    /// <summary>
    /// The cache SBOM layer goes back to <c>&lt;layers&gt;/sbom/cache</c>; then every <c>sbom/{cache,launch}/&lt;bp&gt;/&lt;layer&gt;/sbom.*.json</c>
    /// of a buildpack in the group is copied to <c>&lt;layers&gt;/&lt;bp&gt;/&lt;layer&gt;.sbom.*.json</c>, where buildpacks find
    /// it, and <c>&lt;layers&gt;/sbom</c> is removed (lc <c>internal/layer/sbom_restorer.go</c>).
    /// </summary>
    private async Task RestoreSbomAsync(IReadOnlyList<GroupElement> group, CacheMetadata cacheMetadata, CancellationToken cancellationToken)
    {
        if (cacheMetadata.SbomSha is { } sha && _inputs.Cache is not null)
        {
            _log.Info("Restoring data for SBOM from cache");
            await RestoreFromCacheAsync(sha, cancellationToken).ConfigureAwait(false);
        }

        var sbomDir = Path.Combine(_inputs.LayersDir, "sbom");
        if (!Directory.Exists(sbomDir))
        {
            return;
        }

        var escapedIds = group.Select(b => BuildpackId.Escape(b.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var kind in new[] { "cache", "launch" })
        {
            var kindDir = Path.Combine(sbomDir, kind);
            if (!Directory.Exists(kindDir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(kindDir, "sbom*json", SearchOption.AllDirectories))
            {
                var parts = Path.GetRelativePath(kindDir, file).Split(Path.DirectorySeparatorChar);
                var buildpackDir = parts.Length == 3 ? Path.Combine(_inputs.LayersDir, parts[0]) : null;
                if (buildpackDir is null || !escapedIds.Contains(parts[0]) || !Directory.Exists(buildpackDir))
                {
                    continue; // not a layer SBOM of a buildpack of this build, or nothing of it was restored
                }

                File.Copy(file, Path.Combine(buildpackDir, $"{parts[1]}.{parts[2]}"), overwrite: true);
            }
        }

        Directory.Delete(sbomDir, recursive: true);
    }

    /// <summary>
    /// Platform API 0.12: the run image in analyzed.toml is pinned to a digest reference and its target filled in
    /// (the analyzer of an older platform, or a platform writing analyzed.toml itself, may have left them out).
    /// </summary>
    private async Task ResolveRunImageAsync(Analysis analysis, CancellationToken cancellationToken)
    {
        if (_inputs.RunImageStore is not { } store || !_inputs.PlatformApi.RecordsRunImageTarget || analysis.RunImage is not { } runImage)
        {
            return;
        }

        // A daemon image ID in "reference" is no name to read by: then the run image is read by its "image" name.
        ImageReference? pinned = null;
        var isName = !Digest.TryParse(runImage.Reference, out _) && ImageReference.TryParse(runImage.Reference, out pinned);
        var isPinned = isName && pinned!.Digest is not null;
        var name = isName ? runImage.Reference : runImage.Image ?? "";
        if (name.Length == 0 || (isPinned && runImage.Target is not null))
        {
            return;
        }

        var reference = ImageReference.Parse(name);
        var image = await store.TryReadImageAsync(reference, _inputs.ImagePlatform, cancellationToken).ConfigureAwait(false)
            ?? throw new LifecycleException(LifecycleExitCodes.RestoreError, $"run image \"{name}\" not found in {store.Description}");
        var resolved = runImage with { Reference = Analyzer.Identify(image) };
        if (runImage.Target is null)
        {
            var (target, id) = RunImageTargets.FromImage(image);
            if (target.Os.Length == 0)
            {
                throw new LifecycleException(LifecycleExitCodes.RestoreError, $"failed to find OS in run image config of \"{name}\"");
            }

            resolved = resolved with { Target = target, TargetId = id };
        }

        AnalyzedToml.Write(_inputs.AnalyzedPath, analysis with { RunImage = resolved });
    }

    private string BuildpackDir(GroupElement buildpack) => Path.Combine(_inputs.LayersDir, BuildpackId.Escape(buildpack.Id));

    // The buildpack's directory as the reference restorer makes it in its container: mkdir under the runtime's umask 022,
    // so 0755. This process's umask must not decide it (Local execution restores in the MSBuild process, whose user may
    // have 002 or 077): the exporter writes this directory's mode into every launch layer of the buildpack.
    private string CreatedBuildpackDir(GroupElement buildpack)
    {
        var directory = BuildpackDir(buildpack);
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, Images.Layers.LayerModes.Directory);
            }
        }

        return directory;
    }
}
