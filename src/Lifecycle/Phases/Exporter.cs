using Buildpacks.Images;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>
/// The export phase (Platform API, "exporter"; lifecycle phase/exporter.go): turns the build's layers, the app
/// directory and the launcher into an app image on top of the run image, written to any image store, then updates the
/// build cache. Layers, bottom to top (notes §3.3): the run image's; each buildpack's launch layers in group order
/// (by name within a buildpack); the launch SBOM; the app (one layer per slice, then the rest); the launcher; the
/// config (<c>&lt;layers&gt;/config</c>); the process-type symlinks. Unchanged layers are taken from the previous image
/// rather than stored again. The same inputs give the same image digest. Reads every export field of
/// <see cref="LifecycleInputs"/> (the app and layers dirs and their image paths, the group, analyzed, run, report and
/// project-metadata files, the launcher, the owner, the time, the process type, the images, stores, cache and labels).
/// </summary>
public sealed class Exporter
{
    /// <summary>The layer id of the config layer.</summary>
    internal const string ConfigLayerId = "buildpacksio/lifecycle:config";

    /// <summary>The history text of the config layer.</summary>
    internal const string ConfigLayerCreatedBy = "Buildpacks Launcher Config";

    /// <summary>The label recording the execution environment (Platform API 0.15).</summary>
    internal const string ExecEnvLabel = "io.buildpacks.exec-env";

    private readonly LifecycleInputs _inputs;
    private readonly IImageStore _store;
    private readonly ILifecycleLog _log;

    /// <summary>Creates an exporter.</summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> name no image or no image store.</exception>
    public Exporter(LifecycleInputs inputs, ILifecycleLog log)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(log);
        if (inputs.Tags.Count == 0 || inputs.Store is null)
        {
            throw new ArgumentException("The exporter needs at least one image name and an image store.", nameof(inputs));
        }

        _inputs = inputs;
        _store = inputs.Store;
        _log = log;
    }

    /// <summary>
    /// Reads what the analyzer found (analyzed.toml, and run.toml for the run image's mirrors), then exports as
    /// <see cref="ExportAsync"/> does.
    /// </summary>
    /// <exception cref="LifecycleException">
    /// Exit code 62 for every export failure (1 when analyzed.toml or run.toml cannot be read); a cache failure is only a warning.
    /// </exception>
    public async Task<ExportResult> RunAsync(CancellationToken cancellationToken)
    {
        var analysis = PlatformInput.Read(_inputs.AnalyzedPath, AnalyzedToml.Read);
        var runToml = _inputs.RunPath is { } runPath ? PlatformInput.Read(runPath, RunToml.Read) : [];
        return await ExportAsync(AnalyzedExportInputs.From(_inputs, analysis, runToml), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Exports the app image on <paramref name="analyzed"/>'s run image, writes report.toml, then exports the cache,
    /// without reading analyzed.toml.
    /// </summary>
    /// <exception cref="LifecycleException">Exit code 62 for every export failure; a cache failure is only a warning.</exception>
    public async Task<ExportResult> ExportAsync(AnalyzedExportInputs analyzed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analyzed);
        var scratch = Directory.CreateTempSubdirectory("cnb-export-").FullName;
        var diffIds = _inputs.LayerDiffIdCachePath is { } diffIdCachePath ? LayerDiffIdCache.Load(diffIdCachePath) : null;
        try
        {
            return await WriteAsync(analyzed, scratch, diffIds, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TomlFileException or IOException or UnauthorizedAccessException or ImageException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new LifecycleException(LifecycleExitCodes.ExportError, $"failed to export: {e.Message}", e);
        }
        finally
        {
            // Also after a failure: what was hashed stays known, and a record that proved wrong is gone.
            diffIds?.Save();
            TryDelete(scratch);
        }
    }

    private async Task<ExportResult> WriteAsync(AnalyzedExportInputs analyzed, string scratch, LayerDiffIdCache? diffIds, CancellationToken cancellationToken)
    {
        if (_inputs.LauncherSbomDir is { } launcherSbomDir)
        {
            LifecycleSboms.Copy(launcherSbomDir, _inputs.LayersDir, _log);
        }

        var group = GroupToml.Read(_inputs.GroupPath);
        var build = MetadataToml.Read(PlatformDefaults.MetadataPath(_inputs.LayersDir));
        var runImage = await ReadRunImageAsync(analyzed.RunImage, cancellationToken).ConfigureAwait(false);
        var (previousImage, previous) = await ReadPreviousImageAsync(analyzed.PreviousImage, cancellationToken).ConfigureAwait(false);

        var layersMapping = Mapping(_inputs.LayersDir, _inputs.ImageLayersDir);
        var appMapping = Mapping(_inputs.AppDir, _inputs.ImageAppDir);

        // Our layers match the run image's manifest format, so a Docker-format base gives a Docker-format app image.
        var docker = runImage.ManifestDescriptor.MediaType == MediaTypes.DockerManifest;
        // With a previous image or a cache to reuse layers from, a layer is hashed first and compressed only if it is new.
        var deferBlobs = previousImage is not null || (_inputs.Cache?.Exists ?? false);
        var factory = new ExportLayerFactory(scratch, _inputs.Uid, _inputs.Gid, docker ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip, deferBlobs, diffIds);
        var layers = new AppImageLayers(runImage, previousImage, _inputs.Created);

        var written = new Dictionary<string, ExportedLayer>(StringComparer.Ordinal);
        var buildpackDirectories = group.Select(bp => BuildpackLayersDirectory.Read(_inputs.LayersDir, bp)).ToList();
        var buildpacks = new List<BuildpackLayersMetadata>();
        foreach (var directory in buildpackDirectories)
        {
            buildpacks.Add(await AddBuildpackLayersAsync(directory, factory, layers, layersMapping, previous, written, cancellationToken).ConfigureAwait(false));
        }

        LayerSha? sbom = null;
        var sbomDir = SbomLayer.LaunchDirectory(_inputs.LayersDir);
        if (Directory.Exists(sbomDir))
        {
            var layer = await factory.DirectoryLayerAsync(SbomLayer.LaunchId, SbomLayer.CreatedBy, sbomDir, layersMapping, cancellationToken).ConfigureAwait(false);
            await AddOrReuseAsync(layers, layer, previous?.Sbom?.Sha, cancellationToken).ConfigureAwait(false);
            sbom = new LayerSha(layer.Sha);
        }

        var app = new List<LayerSha>();
        var previousApp = previous?.App.Select(a => a.Sha).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var layer in await AppLayers.WriteAsync(factory, _inputs.AppDir, appMapping, build.Slices, _log, cancellationToken).ConfigureAwait(false))
        {
            await AddOrReuseAsync(layers, layer, previousApp.Contains(layer.Sha) ? layer.Sha : null, cancellationToken).ConfigureAwait(false);
            app.Add(new LayerSha(layer.Sha));
        }

        var launcher = await LauncherLayers.WriteLauncherAsync(factory, _inputs.LauncherPath, cancellationToken).ConfigureAwait(false);
        await AddOrReuseAsync(layers, launcher, previous?.Launcher?.Sha, cancellationToken).ConfigureAwait(false);
        var config = await factory.DirectoryLayerAsync(
            ConfigLayerId, ConfigLayerCreatedBy, Path.Combine(_inputs.LayersDir, "config"), layersMapping, cancellationToken).ConfigureAwait(false);
        await AddOrReuseAsync(layers, config, previous?.Config?.Sha, cancellationToken).ConfigureAwait(false);
        LayerSha? processTypes = null;
        if (build.Processes.Count > 0)
        {
            var layer = await LauncherLayers.WriteProcessTypesAsync(factory, build.Processes, cancellationToken).ConfigureAwait(false);
            await AddOrReuseAsync(layers, layer, previous?.ProcessTypes?.Sha, cancellationToken).ConfigureAwait(false);
            processTypes = new LayerSha(layer.Sha);
        }

        var runImageName = analyzed.RunImageName ?? WithoutDigest(analyzed.RunImage);
        var metadata = new LayersMetadata
        {
            App = app,
            Sbom = sbom,
            Buildpacks = buildpacks,
            Config = new LayerSha(config.Sha),
            Launcher = new LayerSha(launcher.Sha),
            ProcessTypes = processTypes,
            RunImage = new RunImageMetadata
            {
                TopLayer = layers.TopLayer,
                Reference = analyzed.RunImage.ToString(),
                Image = runImageName,
                Mirrors = analyzed.RunImageMirrors,
            },

            // Always written, for rebasers of older platforms (lifecycle: "preserve old behavior").
            Stack = new StackMetadata(new StackRunImage(runImageName, analyzed.RunImageMirrors)),
        };

        var settings = new AppImageSettings(
            layersMapping.ImageRoot,
            appMapping.ImageRoot,
            _inputs.PlatformApi.ToString(),
            Entrypoint(build),
            Labels(metadata, build, group),
            _inputs.Created)
        {
            ExposedPorts = _inputs.ExposedPorts,
            Environment = _inputs.Environment,
        };
        var request = new ImageWriteRequest
        {
            Tags = _inputs.Tags,
            Config = AppImageConfig.Create(runImage.Config, layers, settings),
            Layers = layers.Layers,
            ManifestMediaType = docker ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
        };

        _log.Info($"Saving {_inputs.Tags[0]}...");
        var result = await _store.WriteImageAsync(request, cancellationToken).ConfigureAwait(false);
        foreach (var tag in result.Tags)
        {
            _log.Info($"*** Images ({result.ImageId.Hex[..12]}):\n      {tag}");
        }

        _log.Info($"*** Manifest Size: {result.ManifestSize}");
        _log.Info(TransferLine(result.Statistics));
        var report = new ImageReport(result.Tags.Select(t => t.ToString()).ToList(), result.ImageId.ToString(), result.ManifestDigest.ToString(), result.ManifestSize);
        ReportToml.Write(_inputs.ReportPath, report);

        var cacheExported = _inputs.Cache is { } cache
            && await TryExportCacheAsync(cache, factory, layersMapping, written, buildpackDirectories, cancellationToken).ConfigureAwait(false);
        return new ExportResult(result, metadata, report, layers.Added, layers.Reused, cacheExported);
    }

    // What the write moved, in bytes (uploaded to a registry, or written to a daemon, layout or archive): on an edit, the layers a code change made new and nothing else (the reference
    // lifecycle prints no such line; a user comparing uploads with the SDK's wants it).
    internal static string TransferLine(TransferStatistics statistics) =>
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"*** Blobs written: {statistics.BlobsCopied} ({statistics.BytesCopied / 1_000_000.0:0.00} MB); {statistics.BlobsSkipped} already there, {statistics.BlobsMounted} mounted");

    private async Task<BuildpackLayersMetadata> AddBuildpackLayersAsync(
        BuildpackLayersDirectory directory,
        ExportLayerFactory factory,
        AppImageLayers layers,
        PathMapping layersMapping,
        LayersMetadata? previous,
        Dictionary<string, ExportedLayer> written,
        CancellationToken cancellationToken)
    {
        var previousLayers = previous?.ForBuildpack(directory.Buildpack.Id)?.Layers;
        var records = new SortedDictionary<string, LayerRecord>(StringComparer.Ordinal);
        foreach (var layer in directory.Layers.Where(l => l.Types.Launch))
        {
            var id = directory.LayerId(layer);
            var previousRecord = previousLayers?.GetValueOrDefault(layer.Name);
            string sha;
            if (Directory.Exists(layer.Directory))
            {
                var exported = await factory.DirectoryLayerAsync(id, directory.CreatedBy(layer), layer.Directory, layersMapping, cancellationToken).ConfigureAwait(false);
                written[id] = exported;
                await AddOrReuseAsync(layers, exported, previousRecord?.Sha, cancellationToken).ConfigureAwait(false);
                sha = exported.Sha;
            }
            else
            {
                // launch = true without a directory: keep the previous image's layer (Buildpack API, "Launch Layers").
                if (layer.Types.Cache)
                {
                    throw new InvalidOperationException($"layer '{id}' is cache=true but has no contents");
                }

                if (previousRecord is null || previousRecord.Sha.Length == 0)
                {
                    throw new InvalidOperationException($"cannot reuse '{id}', previous image has no metadata for layer '{id}'");
                }

                _log.Info($"Reusing layer '{id}'");
                layers.Reuse(id, previousRecord.Sha, directory.CreatedBy(layer));
                sha = previousRecord.Sha;
            }

            records[layer.Name] = LayerRecords.For(layer, sha);
        }

        return new BuildpackLayersMetadata
        {
            Key = directory.Buildpack.Id,
            Version = directory.Buildpack.Version,
            Layers = records,
            Store = directory.Store is { } store ? new StoreMetadata(TomlJsonConversion.ToJson(store)) : null,
        };
    }

    private async Task AddOrReuseAsync(AppImageLayers layers, ExportedLayer layer, string? previousSha, CancellationToken cancellationToken)
    {
        var reused = await layers.AddOrReuseAsync(layer, previousSha, cancellationToken).ConfigureAwait(false);
        _log.Info($"{(reused ? "Reusing" : "Adding")} layer '{layer.Id}'");
        _log.Debug($"Layer '{layer.Id}' SHA: {layer.Sha}");
    }

    private async Task<StoredImage> ReadRunImageAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var store = _inputs.RunImageStore ?? _store;
        var image = await store.TryReadImageAsync(reference, _inputs.ImagePlatform, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the run image {reference} was not found in {store.Description}");
        _ = image.Layers; // an inconsistent run image fails here, before any layer is written
        return image;
    }

    private async Task<(StoredImage? Image, LayersMetadata? Metadata)> ReadPreviousImageAsync(ImageReference? reference, CancellationToken cancellationToken)
    {
        if (reference is null)
        {
            return (null, null);
        }

        try
        {
            var image = await _store.TryReadImageAsync(reference, _inputs.ImagePlatform, cancellationToken).ConfigureAwait(false);
            if (image is null)
            {
                return (null, null);
            }

            _ = image.Layers;
            return (image, LabelJson.TryParseLayersMetadata(image.Labels.GetValueOrDefault(LayersMetadata.Label)));
        }
        catch (ImageException e)
        {
            // A previous image that cannot be read only means nothing is reused.
            _log.Warn($"Ignoring previous image {reference}: {e.Message}");
            return (null, null);
        }
    }

    private string Entrypoint(BuildMetadata build)
    {
        if (!string.IsNullOrEmpty(_inputs.DefaultProcessType))
        {
            if (build.Processes.All(p => p.Type != _inputs.DefaultProcessType))
            {
                throw new InvalidOperationException($"tried to set {_inputs.DefaultProcessType} to default but it doesn't exist");
            }

            _log.Info($"Setting default process type '{_inputs.DefaultProcessType}'");
            return LauncherLayers.ProcessPath(_inputs.DefaultProcessType);
        }

        if (string.IsNullOrEmpty(build.BuildpackDefaultProcessType))
        {
            _log.Info("no default process type");
            return LauncherLayers.LauncherPath;
        }

        _log.Info($"Setting default process type '{build.BuildpackDefaultProcessType}'");
        return LauncherLayers.ProcessPath(build.BuildpackDefaultProcessType);
    }

    private List<KeyValuePair<string, string>> Labels(LayersMetadata metadata, BuildMetadata build, IReadOnlyList<GroupElement> group)
    {
        var buildLabel = new BuildMetadataLabel
        {
            Buildpacks = build.Buildpacks.Count > 0
                ? build.Buildpacks.Select(b => new BuildpackLabelEntry(b.Id, b.Version, NullIfEmpty(b.Homepage))).ToList()
                : group.Select(b => new BuildpackLabelEntry(b.Id, b.Version, NullIfEmpty(b.Homepage))).ToList(),
            Launcher = _inputs.LauncherMetadata,
            Processes = build.Processes.Select(p => new ProcessLabelEntry
            {
                Type = p.Type,
                Command = p.Command,
                Args = p.Args,
                Direct = p.Direct,
                BuildpackId = p.BuildpackId,
                WorkingDirectory = NullIfEmpty(p.WorkingDirectory),
                ExecEnv = p.ExecEnv.Count > 0 ? p.ExecEnv : null,
            }).ToList(),
            BuildpackDefaultProcessType = NullIfEmpty(build.BuildpackDefaultProcessType),
        };

        var project = ProjectMetadataToml.Read(_inputs.ProjectMetadataPath);
        var projectLabel = new ProjectMetadataLabel
        {
            Source = project is null ? null : new ProjectSourceLabel
            {
                Type = NullIfEmpty(project.Type),
                Version = project.Version.Count > 0 ? TomlJsonConversion.ToJson(project.Version) : null,
                Metadata = project.Metadata.Count > 0 ? TomlJsonConversion.ToJson(project.Metadata) : null,
            },
        };

        var labels = new List<KeyValuePair<string, string>>
        {
            new(LayersMetadata.Label, LabelJson.Serialize(metadata)),
            new(BuildMetadataLabel.Label, ExportLabelJson.Serialize(buildLabel)),
            new(ProjectMetadataLabel.Label, ExportLabelJson.Serialize(projectLabel)),
        };
        labels.AddRange(build.Labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value)));
        if (_inputs.PlatformApi.ExportsExecEnvLabel && !string.IsNullOrEmpty(_inputs.ExecEnv))
        {
            labels.Add(new(ExecEnvLabel, _inputs.ExecEnv));
        }

        labels.AddRange(_inputs.Labels);

        return labels;
    }

    private async Task<bool> TryExportCacheAsync(
        ILayerCache cache,
        ExportLayerFactory factory,
        PathMapping layersMapping,
        IReadOnlyDictionary<string, ExportedLayer> written,
        IReadOnlyList<BuildpackLayersDirectory> buildpacks,
        CancellationToken cancellationToken)
    {
        try
        {
            // Cached tars hold the layers dir's path in the image, as the reference lifecycle's do (there the two are one):
            // the next restore extracts them back into whatever directory stands for it then, so a layer cached by one
            // build is found by the next, and a launch layer's tar is the same blob in the image and the cache.
            await new CacheExport(factory, layersMapping, written, _log).ExportAsync(buildpacks, _inputs.LayersDir, cache, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is CacheException or IOException or UnauthorizedAccessException or ImageException)
        {
            // The image is written; a cache that cannot be saved only makes the next build slower (notes §5).
            _log.Warn($"Failed to export cache: {e.Message}");
            return false;
        }
    }

    // A directory whose image path is its own path (the default) keeps it, however the platform spelled it.
    private static PathMapping Mapping(string hostDir, string imageDir) =>
        imageDir == hostDir ? PathMapping.Identity(hostDir) : new PathMapping(Path.TrimEndingDirectorySeparator(Path.GetFullPath(hostDir)), imageDir.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/");

    private static string WithoutDigest(ImageReference reference) =>
        reference.Tag is { } tag ? $"{reference.Name}:{tag}" : reference.Name;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Scratch left in the temp dir must not fail an export that succeeded.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
