using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>
/// The creator (Platform API, "creator"; lifecycle cmd/lifecycle/creator.go): analyze → detect → restore → build →
/// export in one process, the phases handing each other the same files (analyzed.toml, group.toml, plan.toml,
/// metadata.toml) as when a platform runs them one by one. Each phase fails with its own exit code.
/// </summary>
public sealed class Creator
{
    private readonly CreatorOptions _options;
    private readonly ILifecycleLog _log;

    /// <summary>Creates a creator.</summary>
    public Creator(CreatorOptions options, ILifecycleLog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tags.Count == 0)
        {
            throw new ArgumentException("The creator needs at least one image name.", nameof(options));
        }

        _options = options;
        _log = log;
    }

    /// <summary>Runs the five phases.</summary>
    /// <exception cref="LifecycleException">The exit code of the phase that failed (20-29, 32, 42, 51-52, 62).</exception>
    public async Task<ExportResult> RunAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        var analyzedPath = PlatformDefaults.AnalyzedPath(o.LayersDir);
        var groupPath = PlatformDefaults.GroupPath(o.LayersDir);
        var planPath = PlatformDefaults.PlanPath(o.LayersDir);
        var runImageStore = o.RunImageStore ?? o.Store;

        _log.Info("===> ANALYZING");
        await new Analyzer(
            new AnalyzerOptions
            {
                PlatformApi = o.PlatformApi,
                OutputImage = o.Tags[0],
                PreviousImage = o.PreviousImage,
                RunImage = o.RunImage,
                RunPath = o.RunPath,
                Stores = new ImageStores(o.Store, runImageStore),
                LayersDir = o.LayersDir,
                AnalyzedPath = analyzedPath,
                SkipLayers = o.SkipRestore,
                ImagePlatform = o.ImagePlatform,
            },
            _log).RunAsync(cancellationToken).ConfigureAwait(false);

        _log.Info("===> DETECTING");
        await new Detector(
            new DetectorOptions
            {
                PlatformApi = o.PlatformApi,
                AppDir = o.AppDir,
                BuildpacksDir = o.BuildpacksDir,
                PlatformDir = o.PlatformDir,
                OrderPath = o.OrderPath ?? PlatformDefaults.ResolveOrderPath(o.LayersDir),
                GroupPath = groupPath,
                PlanPath = planPath,
                BuildConfigDir = o.BuildConfigDir,
                AnalyzedPath = analyzedPath,
                SystemPath = o.SystemPath,
                ExecEnv = o.ExecEnv,
                HostEnvironment = o.HostEnvironment,
            },
            _log).RunAsync(cancellationToken).ConfigureAwait(false);

        // lc runs the restore step even when skipping layers (Platform API 0.10+): store.toml still comes back.
        _log.Info("===> RESTORING");
        await new Restorer(
            new RestorerOptions
            {
                PlatformApi = o.PlatformApi,
                LayersDir = o.LayersDir,
                GroupPath = groupPath,
                AnalyzedPath = analyzedPath,
                Cache = o.Cache,
                SkipLayers = o.SkipRestore,
                RunImageStore = runImageStore,
                ImagePlatform = o.ImagePlatform,
            },
            _log).RunAsync(cancellationToken).ConfigureAwait(false);

        _log.Info("===> BUILDING");
        await new Builder(
            new BuilderOptions
            {
                PlatformApi = o.PlatformApi,
                AppDir = o.AppDir,
                LayersDir = o.LayersDir,
                BuildpacksDir = o.BuildpacksDir,
                PlatformDir = o.PlatformDir,
                GroupPath = groupPath,
                PlanPath = planPath,
                BuildConfigDir = o.BuildConfigDir,
                AnalyzedPath = analyzedPath,
                ExecEnv = o.ExecEnv,
                HostEnvironment = o.HostEnvironment,
            },
            _log).RunAsync(cancellationToken).ConfigureAwait(false);

        _log.Info("===> EXPORTING");
        // Read back rather than kept from the analyzer: the restorer may have resolved the run image to a digest.
        var restoredAnalysis = PlatformInput.Read(analyzedPath, AnalyzedToml.Read);
        var runToml = o.RunPath is { } runPath && File.Exists(runPath) ? PlatformInput.Read(runPath, RunToml.Read) : [];
        var exporterOptions = AnalyzedExportInputs.Apply(
            new ExporterOptions
            {
                PlatformApi = o.PlatformApi,
                AppDir = o.AppDir,
                LayersDir = o.LayersDir,
                ImageAppDir = o.ImageAppDir,
                ImageLayersDir = o.ImageLayersDir,
                GroupPath = groupPath,
                LauncherPath = o.LauncherPath,
                LauncherMetadata = o.LauncherMetadata,
                LauncherSbomDir = o.LauncherSbomDir,
                ProjectMetadataPath = o.ProjectMetadataPath,
                ReportPath = o.ReportPath,
                Uid = o.Uid,
                Gid = o.Gid,
                Created = o.Created,
                DefaultProcessType = o.DefaultProcessType,
                ExecEnv = o.ExecEnv,
                Store = o.Store,
                Tags = o.Tags,
                RunImage = o.Tags[0], // replaced from analyzed.toml below
                RunImageStore = runImageStore,
                PreviousImage = o.PreviousImage, // the daemon's previous image is read by this name (see AnalyzedExportInputs)
                PreviousImageStore = o.Store,
                TargetPlatform = o.ImagePlatform,
                Cache = o.Cache,
                Labels = o.Labels,
            },
            restoredAnalysis,
            runToml);
        return await new Exporter(exporterOptions, _log).RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
