using System.Runtime.InteropServices;
using Buildpacks.Images;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.AppFiles;
using Builder = Buildpacks.Platform.Builders.Builder;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Local execution (Linux, no daemon needed): the builder's <c>/cnb</c> tree is read from its image once per builder
/// and kept in the user cache, our lifecycle's creator runs in this process, buildpacks run as child processes of the
/// current user, and the image is exported straight to the registry, an OCI layout, an archive or (when one answers)
/// the daemon. The publish output is copied into a scratch app directory (filtered by include/exclude) so buildpacks
/// never change it; every scratch directory is removed on success, failure and cancellation.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalExecution(LocalExecutionOptions? options = null) : IBuildExecution
{
    private readonly LocalExecutionOptions _options = options ?? new LocalExecutionOptions();

    private string CacheRoot => _options.CacheRoot ?? UserCache.DefaultRoot;

    /// <summary>The extracted builders this execution uses.</summary>
    public BuilderTreeCache Builders => new(Path.Combine(CacheRoot, "builders"));

    /// <inheritdoc />
    public async Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        if (!OperatingSystem.IsLinux())
        {
            throw CodedException.Of(Messages.LocalNeedsLinux, RuntimeInformation.OSDescription);
        }

        // The builder's buildpacks run on this machine, so only a trusted builder's, whoever chose Local execution.
        if (!BuilderTrust.IsTrusted(request))
        {
            throw CodedException.Of(Messages.LocalNeedsTrustedBuilder, request.Builder);
        }

        if (!Directory.Exists(request.AppDirectory))
        {
            throw CodedException.Of(Messages.PublishDirectoryMissing, request.AppDirectory);
        }

        var selection = AppFileSelection.Create(request.Include, request.Exclude);
        var recorder = new RecordingBuildLog(log, request.Verbose);
        var ownedRegistry = _options.Registry is null ? new RegistryStore(request.RegistrySettings()) : null;
        var registry = _options.Registry ?? ownedRegistry!;
        var stores = new DaemonHolder(request.DockerHost, _options.DaemonProbeTimeout);
        try
        {
            return await BuildAsync(request, selection, registry, stores, recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is LifecycleException or ImageException) && RegistryAuthFailure.Find(e) is { } refused)
        {
            throw RegistryAuthFailure.For(refused, e);
        }
        catch (LifecycleException e)
        {
            throw LifecycleFailure(e, recorder);
        }
        catch (ImageException e)
        {
            throw new CodedException(FailureMessages.For(e, "Building the image"), e);
        }
        finally
        {
            stores.Dispose();
            ownedRegistry?.Dispose();
        }
    }

    private async Task<BuildResult> BuildAsync(
        BuildRequest request, AppFileSelection selection, RegistryStore registry, DaemonHolder daemon, RecordingBuildLog log, CancellationToken cancellationToken)
    {
        var platform = request.Platform ?? ImagePlatform.Current;
        var builder = await ReadBuilderAsync(request, registry, daemon, platform, log, cancellationToken).ConfigureAwait(false);
        var builders = Builders;
        var tree = builders.TryGet(builder);
        if (tree is null && request.PullPolicy == PullPolicy.Never)
        {
            throw CodedException.Of(Messages.LocalBuilderNotPresent, request.Builder, builders.Root);
        }

        tree ??= await builders.GetOrExtractAsync(builder, log, cancellationToken).ConfigureAwait(false);

        using var scratch = new ScratchDirectory("bp-local", _options.ScratchRoot);
        var appDirectory = scratch.Create("app");
        var copied = await AppDirectoryCopy.CopyAsync(request.AppDirectory, appDirectory, selection, cancellationToken).ConfigureAwait(false);
        log.Progress($"Copied {copied} files of {request.AppDirectory} into the build's app directory");
        var platformDirectory = scratch.Create("platform");
        PlatformDirectory.Write(platformDirectory, request);
        var layersDirectory = scratch.Create("layers");
        var buildpacks = await new EphemeralBuildpacks(builder, tree, registry, platform)
            .PrepareAsync(request.Buildpacks, request.ProjectDirectory, scratch.Path, cancellationToken).ConfigureAwait(false);

        var destination = await OpenDestinationAsync(request, registry, daemon, cancellationToken).ConfigureAwait(false);
        var runImageStore = await RunImageStoreAsync(request, builder, registry, destination, cancellationToken).ConfigureAwait(false);
        var runImageUsed = await RequireRunImageAsync(request, builder, runImageStore, platform, cancellationToken).ConfigureAwait(false);
        using var cache = await LocalBuildCache.OpenAsync(request, registry, Path.Combine(CacheRoot, "cache"), log, cancellationToken).ConfigureAwait(false);

        var inputs = new LifecycleInputs
        {
            PlatformApi = PlatformApi.Latest,
            AppDir = appDirectory,
            LayersDir = layersDirectory,
            BuildpacksDir = buildpacks.BuildpacksDirectory,
            PlatformDir = platformDirectory,
            OrderPath = buildpacks.OrderPath,
            BuildConfigDir = tree.BuildConfigDirectory,
            RunPath = tree.RunPath,
            SystemPath = null, // the builder's files come from its tree, never this machine's /cnb; its system.toml is not applied
            RunImage = request.RunImage?.ToString(),
            Tags = request.Tags,
            PreviousImage = request.PreviousImage,
            Store = destination,
            RunImageStore = runImageStore,
            Cache = cache,
            SkipLayers = request.Cache.Clear,
            LauncherPath = tree.LauncherPath,
            // The directories above are where the lifecycle finds them on this machine; the image has them at canonical paths.
            ImageAppDir = request.ImageAppDirectory,
            ImageLayersDir = PlatformDefaults.LayersDir,
            Uid = builder.UserId,
            Gid = builder.GroupId,
            Created = request.Created ?? CreatedTime.FromSourceDateEpoch(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), log),
            DefaultProcessType = request.DefaultProcess,
            ImagePlatform = request.Platform,
            Labels = request.Labels,
            ExposedPorts = request.ExposedPorts,
            Environment = request.RuntimeEnvironment,
        };
        var result = await new Creator(inputs, log).RunAsync(cancellationToken).ConfigureAwait(false);
        if (request.SbomOutputDirectory is { } sbomOutput)
        {
            CopySboms(Path.Combine(layersDirectory, "sbom"), sbomOutput);
        }

        return new BuildResult(result.Image.Tags.Select(t => t.ToString()).ToList(), result.Image.ManifestDigest.ToString(), result.Image.ImageId.ToString())
        {
            Inputs = [Used(builder.Image), .. runImageUsed is null ? Array.Empty<ResolvedImage>() : [runImageUsed]],
        };
    }

    // The run image, read before anything is written, so that a missing one is its own error (BP2008) and not a
    // failure of the analyzer; what it resolved to is recorded for the up-to-date check.
    private static async Task<ResolvedImage?> RequireRunImageAsync(
        BuildRequest request, Builder builder, IImageStore store, ImagePlatform platform, CancellationToken cancellationToken)
    {
        if ((request.RunImage?.ToString() ?? builder.DefaultRunImage?.Image) is not { } name
            || !Images.References.ImageReference.TryParse(name, out var runImage))
        {
            return null; // the lifecycle reports a builder without a run image itself
        }

        var image = await store.TryReadImageAsync(runImage!, platform, cancellationToken).ConfigureAwait(false)
            ?? throw CodedException.Of(Messages.RunImageNotFound, runImage, store.Description);
        return Used(image);
    }

    // A registry image by the digest its name resolves to (an index's for a multi-platform image), a daemon's by its ID.
    private static ResolvedImage Used(Images.Stores.StoredImage image) => image.Store is DaemonImageStore
        ? new ResolvedImage(image.Reference.ToString(), ImageOrigin.Daemon, image.ImageId.ToString())
        : new ResolvedImage(image.Reference.ToString(), ImageOrigin.Registry, (image.IndexDigest ?? image.Digest).ToString());

    private async Task<Builder> ReadBuilderAsync(
        BuildRequest request, RegistryStore registry, DaemonHolder daemon, ImagePlatform platform, IBuildLog log, CancellationToken cancellationToken)
    {
        var store = _options.BuilderStore ?? registry;
        var image = await store.TryReadImageAsync(request.Builder, platform, cancellationToken).ConfigureAwait(false);
        var lookedIn = store.Description;
        if (image is null && _options.BuilderStore is null && await daemon.GetAsync(cancellationToken).ConfigureAwait(false) is { } daemonStore)
        {
            log.Progress($"The builder {request.Builder} is not in its registry; reading it from the daemon");
            image = await daemonStore.TryReadImageAsync(request.Builder, platform, cancellationToken).ConfigureAwait(false);
            lookedIn += " and " + daemonStore.Description;
        }

        if (image is null)
        {
            throw CodedException.Of(Messages.BuilderNotFound, request.Builder, lookedIn);
        }

        // A single-platform builder is read whatever platform was asked: its config says whether it fits, before any work.
        if (request.Platform is { } wanted && !wanted.Matches(image.Config.Platform))
        {
            throw CodedException.Of(Messages.PlatformNotInImage, $"The builder {request.Builder}", wanted, $"it is for {image.Config.Platform} in {lookedIn}");
        }

        try
        {
            return await BuilderReader.ReadAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException e)
        {
            throw CodedException.Because(e, Messages.InvalidBuilder, request.Builder, e.Message);
        }
    }

    private static async Task<IImageStore> OpenDestinationAsync(BuildRequest request, RegistryStore registry, DaemonHolder daemon, CancellationToken cancellationToken)
    {
        switch (request.Destination.Kind)
        {
            case ImageDestinationKind.Registry:
                return registry;
            case ImageDestinationKind.Layout:
                return new OciLayoutImageStore(RequirePath(request.Destination));
            case ImageDestinationKind.Archive:
                return new ImageArchiveStore(RequirePath(request.Destination));
            default:
                return await daemon.GetAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw CodedException.Of(Messages.LocalDaemonUnreachable, daemon.Endpoint, daemon.Failure);
        }
    }

    private static string RequirePath(ImageDestination destination) =>
        destination.Path ?? throw new ArgumentException($"The {destination.Kind} destination has no path.", nameof(destination));

    // The run image comes from its registry, but for the daemon destination from the daemon when it has it there.
    private static async Task<IImageStore> RunImageStoreAsync(
        BuildRequest request, Builder builder, RegistryStore registry, IImageStore destination, CancellationToken cancellationToken)
    {
        if (destination is not DaemonImageStore daemonStore
            || (request.RunImage?.ToString() ?? builder.DefaultRunImage?.Image) is not { } runImage
            || !Images.References.ImageReference.TryParse(runImage, out var reference))
        {
            return registry;
        }

        var found = await daemonStore.TryReadImageAsync(reference!, request.Platform ?? ImagePlatform.Current, cancellationToken).ConfigureAwait(false);
        return found is not null ? daemonStore : registry;
    }

    private static void CopySboms(string source, string destination)
    {
        try
        {
            Directory.CreateDirectory(destination);
            if (!Directory.Exists(source))
            {
                return;
            }

            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(destination, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CodedException.Because(e, Messages.LocalSbomCopyFailed, destination, e.Message);
        }
    }

    private static CodedException LifecycleFailure(LifecycleException e, RecordingBuildLog log)
    {
        switch (e.ExitCode)
        {
            case LifecycleExitCodes.FailedDetect or LifecycleExitCodes.FailedDetectWithErrors or LifecycleExitCodes.DetectError:
                var said = log.Summary(BuildpackExecutable.Detect);
                return CodedException.Because(e, Messages.DetectFailed, said.Length == 0 ? e.Message : $"{e.Message} {said}");
            case LifecycleExitCodes.FailedBuildWithErrors or LifecycleExitCodes.BuildError:
                // The same error as Container execution's (our lifecycle's message names the buildpack and its code).
                var (buildpack, code) = Container.BuildReport.FromError(e.Message);
                var lines = buildpack is null ? [] : log.LastLines(BuildpackExecutable.Build, buildpack);
                return Container.BuildReport.Error(new Container.BuildFailure(buildpack, code, lines), e.Message);
            default:
                return CodedException.Because(e, Messages.LifecycleFailed, e.ExitCode, e.Message);
        }
    }

    /// <summary>The daemon, probed once and only when a build needs it.</summary>
    private sealed class DaemonHolder(string? dockerHost, TimeSpan timeout) : IDisposable
    {
        private bool _probed;
        private DaemonImageStore? _store;

        public string Endpoint { get; private set; } = BuildpackDockerHost.Describe(dockerHost);

        public string Failure { get; private set; } = "not tried";

        public async Task<DaemonImageStore?> GetAsync(CancellationToken cancellationToken)
        {
            if (!_probed)
            {
                _probed = true;
                var (store, endpoint, failure) = await LocalDaemon.TryConnectAsync(dockerHost, timeout, cancellationToken).ConfigureAwait(false);
                (_store, Endpoint, Failure) = (store, endpoint, failure ?? string.Empty);
            }

            return _store;
        }

        public void Dispose() => _store?.Dispose();
    }
}
