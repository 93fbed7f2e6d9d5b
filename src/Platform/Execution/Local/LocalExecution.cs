using System.Runtime.InteropServices;
using Buildpacks.Images;
using Buildpacks.Lifecycle;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.AppFiles;
using Buildpacks.Platform.Execution.Container;
using Buildpacks.Platform.Execution.Local.Sandbox;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Local execution (Linux, no daemon): the builder's file system is read from its image once per builder and kept in
/// the user cache; the builder's own lifecycle runs the phases that run buildpacks (detector, builder) in a bubblewrap
/// sandbox over that file system, at the spec's paths (<c>/workspace</c>, <c>/layers</c>, <c>/platform</c>,
/// <c>/cnb</c>), as the build user, with the image's environment, as a container of the builder would; the phases
/// that run no buildpack code (analyze, restore, export) run in this process over the same directories, recording
/// their paths in the image and the cache as the build saw them; and the image goes straight to the registry, an OCI
/// layout, an archive or (when one answers) the daemon. The same inputs give the same image as Container execution.
/// The publish output is copied into the build's own app directory (filtered by include/exclude), so buildpacks never
/// change it; every scratch directory is removed on success, failure and cancellation.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalExecution(LocalExecutionOptions? options = null) : IBuildExecution
{
    private readonly LocalExecutionOptions _options = options ?? new LocalExecutionOptions();

    private string CacheRoot => _options.CacheRoot ?? UserCache.DefaultRoot;

    /// <summary>The builders' file systems this execution uses.</summary>
    public BuilderRootCache Builders => new(Path.Combine(CacheRoot, "builder-roots"));

    /// <inheritdoc />
    public async Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        if (!OperatingSystem.IsLinux())
        {
            throw CodedException.Of(Messages.LocalNeedsLinux, RuntimeInformation.OSDescription);
        }

        // The export reads what the builder's buildpacks wrote, in this process: only a trusted builder's, whoever
        // chose Local execution.
        if (!BuilderTrust.IsTrusted(request))
        {
            throw CodedException.Of(Messages.LocalNeedsTrustedBuilder, request.Builder);
        }

        if (!Directory.Exists(request.AppDirectory))
        {
            throw CodedException.Of(Messages.PublishDirectoryMissing, request.AppDirectory);
        }

        // Before anything is read or written: a build that cannot run its buildpacks must not download a builder.
        var sandbox = await SandboxCheck.RequireAsync(_options.SandboxProgram, cancellationToken).ConfigureAwait(false);
        var selection = AppFileSelection.Create(request.Include, request.Exclude);
        using var stores = new LocalImageStores(request, _options);
        try
        {
            return await BuildAsync(request, sandbox, selection, stores, log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is LifecycleException or ImageException) && RegistryAuthFailure.Find(e) is { } refused)
        {
            throw RegistryAuthFailure.For(refused, e);
        }
        catch (LifecycleException e)
        {
            throw CodedException.Because(e, Messages.LifecycleFailed, e.ExitCode, e.Message);
        }
        catch (ImageException e)
        {
            throw new CodedException(FailureMessages.For(e, "Building the image"), e);
        }
    }

    /// <summary>
    /// Reads the builder and starts extracting its file system when this machine does not have it yet, for a build of
    /// <paramref name="request"/> that is about to come: only what <see cref="BuildAsync(BuildRequest, IBuildLog, CancellationToken)"/>
    /// would do, and only where it would get that far (Linux, a trusted builder, a working sandbox, a pull policy that
    /// allows it). The extraction goes on after this returns; the build joins it.
    /// </summary>
    public async Task PrepareAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!OperatingSystem.IsLinux() || !BuilderTrust.IsTrusted(request) || request.PullPolicy == PullPolicy.Never)
        {
            return;
        }

        try
        {
            await SandboxCheck.RequireAsync(_options.SandboxProgram, cancellationToken).ConfigureAwait(false);
            using var stores = new LocalImageStores(request, _options);
            var builder = await stores.ReadBuilderAsync(request.Platform ?? ImagePlatform.Current, SilentBuildLog.Instance, cancellationToken).ConfigureAwait(false);
            if (builder.HasImageExtensions)
            {
                return;
            }

            // The stores serve the extraction's layer reads: kept open until it ends.
            await Builders.StartExtracting(builder).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The build meets the same failure and reports it.
        }
    }

    private async Task<BuildResult> BuildAsync(
        BuildRequest request, string sandbox, AppFileSelection selection, LocalImageStores stores, IBuildLog log, CancellationToken cancellationToken)
    {
        var platform = request.Platform ?? ImagePlatform.Current;
        Builders.Builder builder;
        using (StepTimer.Start(log, "Reading the builder"))
        {
            builder = await stores.ReadBuilderAsync(platform, log, cancellationToken).ConfigureAwait(false);
        }

        if (builder.HasImageExtensions)
        {
            throw CodedException.Of(Messages.ImageExtensionsUnsupported, request.Builder);
        }

        // The run image and its names as Container execution chooses them (-run-image, and run.toml only when the user
        // named a run image or mirrors): the same image recorded for a rebase to follow, in both modes.
        var publishTo = request.Destination.Kind == ImageDestinationKind.Registry ? request.Tags[0].Registry : null;
        var run = RunImageChoice.Choose(builder.RunImages, request.Builder, request.RunImage, request.RunImageMirrors, publishTo, alwaysWriteRunToml: false);

        // The Platform API both sides speak, as in Container execution: the builder's lifecycle runs the sandboxed
        // phases under it, and the image records it for the builder's launcher.
        var platformApi = PlatformApiChoice.Choose(builder.Lifecycle, request.Builder.ToString());
        var builders = Builders;
        var root = builders.TryGet(builder);
        if (root is null && request.PullPolicy == PullPolicy.Never)
        {
            throw CodedException.Of(Messages.LocalBuilderNotPresent, request.Builder, builders.Root);
        }

        // The builder's file system, when this machine does not have it yet, is extracted while the app is copied and the
        // stores are opened, which need only the builder's metadata; a failure before it is needed stops it (and its
        // clean-up is awaited: nothing half-extracted is left behind).
        using var extraction = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rooted = root is not null ? Task.FromResult(root) : builders.GetOrExtractAsync(builder, log, extraction.Token);
        using var scratch = new ScratchDirectory("bp-local", _options.ScratchRoot);
        using var keptApp = KeptAppDirectory.TryHold(request.KeptAppDirectory);
        LocalBuildDirectories directories;
        global::Buildpacks.Images.Stores.IImageStore destination;
        global::Buildpacks.Images.Stores.IImageStore runImageStore;
        ResolvedImage runImageUsed;
        Lifecycle.Cache.ILayerCache? cache = null;
        try
        {
            directories = LocalBuildDirectories.Create(scratch, keptApp?.Path);
            using (StepTimer.Start(log, "Copying the app"))
            {
                if (keptApp is not null)
                {
                    var synced = await AppDirectorySync.SyncAsync(request.AppDirectory, directories.App, selection, cancellationToken).ConfigureAwait(false);
                    log.Progress($"Updated the build's app directory {keptApp.Path} from {request.AppDirectory}: {synced.Copied} file(s) copied, {synced.Kept} unchanged, {synced.Removed} removed");
                }
                else
                {
                    var copied = await AppDirectoryCopy.CopyAsync(request.AppDirectory, directories.App, selection, cancellationToken).ConfigureAwait(false);
                    log.Progress($"Copied {copied} files of {request.AppDirectory} into the build's app directory");
                }
            }

            PlatformDirectory.Write(directories.Platform, request);
            using (StepTimer.Start(log, "Opening the destination, the run image and the cache"))
            {
                destination = await stores.OpenDestinationAsync(cancellationToken).ConfigureAwait(false);
                runImageStore = await stores.RunImageStoreAsync(run.Image, destination, cancellationToken).ConfigureAwait(false);
                runImageUsed = await stores.RequireRunImageAsync(run.Image, runImageStore, platform, cancellationToken).ConfigureAwait(false);
                cache = await LocalBuildCache.OpenAsync(request, stores.Registry, Path.Combine(CacheRoot, "cache"), log, cancellationToken).ConfigureAwait(false);
            }

            using (StepTimer.Start(log, "Waiting for the builder's file system"))
            {
                root = await rooted.ConfigureAwait(false);
            }
        }
        catch
        {
            cache?.Dispose();
            await extraction.CancelAsync().ConfigureAwait(false);
            await ((Task)rooted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        using var cacheInUse = cache;
        var buildpackMounts = await new EphemeralBuildpacks(builder, root, stores.Registry, platform)
            .PrepareAsync(request.Buildpacks, request.ProjectDirectory, scratch.Path, cancellationToken).ConfigureAwait(false);

        var inputs = new LifecycleInputs
        {
            PlatformApi = PlatformApi.Resolve(platformApi),

            // Where the in-process phases find the build's directories on this machine; the build (and so the image
            // and the cache) has them at ImageAppDir and ImageLayersDir.
            AppDir = directories.App,
            LayersDir = directories.Layers,
            PlatformDir = directories.Platform,
            ImageAppDir = request.ImageAppDirectory,
            ImageLayersDir = PlatformDefaults.LayersDir,
            BuildpacksDir = root.BuildpacksDirectory,
            BuildConfigDir = root.BuildConfigDirectory,
            RunPath = run.RunToml is { } runToml ? WriteRunToml(scratch.Path, runToml) : root.RunPath,
            SystemPath = null, // read by the sandboxed detector from the builder's own /cnb, never here
            LauncherPath = root.LauncherPath,
            RunImage = run.Image.ToString(),
            Tags = request.Tags,
            PreviousImage = request.PreviousImage,
            Store = destination,
            RunImageStore = runImageStore,
            Cache = cache,

            // Beside the kept app directory, whose lock this build holds: the runtime slice of a self-contained app is
            // not hashed again while its files keep their sizes and times.
            LayerDiffIdCachePath = keptApp is null ? null : keptApp.Path + ".layers.json",
            SkipLayers = request.Cache.Clear,
            Uid = builder.UserId,
            Gid = builder.GroupId,
            BuildUserIsThisUser = true,
            Created = request.Created ?? CreatedTime.FromSourceDateEpoch(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), log),
            DefaultProcessType = request.DefaultProcess,
            ImagePlatform = request.Platform,
            Labels = request.Labels,
            ExposedPorts = request.ExposedPorts,
            Environment = request.RuntimeEnvironment,
        };
        var phases = new SandboxedPhases(
            new SandboxedPhaseRunner(sandbox, root, builder.Image.Config.Config, directories, [.. buildpackMounts, .. PlatformDirectory.BindingMounts(request)], log, request.Network),
            new LifecycleSettings
            {
                PlatformApi = platformApi,
                Proxies = ProxyVariables.OfThisProcess(),
                Uid = builder.UserId,
                Gid = builder.GroupId,
                AppDirectory = request.ImageAppDirectory,
                AppVolume = directories.App,
                LayersVolume = directories.Layers,
                ExportNames = request.Tags,
                RunImage = request.Tags[0],
                Verbose = request.Verbose,
                AppArchive = SandboxedPhases.NoArchive,
            });

        log.Info("===> ANALYZING");
        using (StepTimer.Start(log, "Analyzer"))
        {
            await new Analyzer(inputs, log).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        log.Info("===> DETECTING");
        using (StepTimer.Start(log, "Detector"))
        {
            await phases.DetectAsync(cancellationToken).ConfigureAwait(false);
        }

        // As the creator does, the restore step runs even when skipping layers (Platform API 0.10+): store.toml still comes back.
        log.Info("===> RESTORING");
        using (StepTimer.Start(log, "Restorer"))
        {
            await new Restorer(inputs, log).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        log.Info("===> BUILDING");
        using (StepTimer.Start(log, "Builder"))
        {
            await phases.BuildAsync(cancellationToken).ConfigureAwait(false);
        }

        log.Info("===> EXPORTING");
        ExportResult result;
        using (StepTimer.Start(log, "Exporter"))
        {
            result = await new Exporter(inputs, log).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        if (request.SbomOutputDirectory is { } sbomOutput)
        {
            directories.CopySbomsTo(sbomOutput);
        }

        return new BuildResult(result.Image.Tags.Select(t => t.ToString()).ToList(), result.Image.ManifestDigest.ToString(), result.Image.ImageId.ToString())
        {
            Inputs = [LocalImageStores.Used(builder.Image), runImageUsed],
        };
    }

    // The run.toml of this build's choice (RunImageChoice), beside its directories: the analyzer and exporter read it
    // instead of the builder's /cnb/run.toml.
    private static string WriteRunToml(string scratch, string text)
    {
        var path = Path.Combine(scratch, "run.toml");
        File.WriteAllText(path, text);
        return path;
    }
}
