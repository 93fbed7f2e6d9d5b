using System.Runtime.InteropServices;
using Buildpacks.Images;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Pipes;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// Container execution, as <c>pack build</c> does it: the builder's own lifecycle runs in containers of a Docker (or
/// Podman) daemon. The builder and run image are pulled per the pull policy; the app is copied into a volume as a tar
/// owned by the build user; a trusted builder runs the creator, an untrusted one the five phases; the image goes to the
/// daemon or a registry straight from the lifecycle, or to an OCI layout or archive through the daemon and our image
/// engine. Every container, temporary volume and ephemeral image is labelled with the build and removed on success,
/// failure and cancellation; cache volumes stay.
/// </summary>
/// <param name="daemonCacheDirectory">
/// Where images read from the daemon are kept (<see cref="DaemonImageStoreOptions.CacheDirectory"/>); null for the
/// user's cache.
/// </param>
public sealed class ContainerExecution(string? daemonCacheDirectory = null) : IBuildExecution
{
    // How long the daemon has to answer its first ping before the build stops with BP3001.
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);

    // How long the builder's registry has to answer before the daemon's copy of the builder is read instead.
    private static readonly TimeSpan BuilderRegistryTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task<BuildResult> BuildAsync(BuildRequest request, IBuildLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        using var engine = Connect(request.DockerHost);
        var errors = new DaemonErrors(engine.Endpoint);
        var probe = await DaemonProbe.ProbeAsync(engine, PingTimeout, cancellationToken).ConfigureAwait(false);
        if (!probe.HasAnswered)
        {
            throw errors.Unreachable(probe.Failure, probe.Error);
        }

        var credentials = new RegistryCredentials(log, request.PublishRegistry);
        var puller = new ImagePuller(engine, errors, credentials, log, request.Platform, request.Platform is null ? await DaemonPlatformAsync(engine, errors, cancellationToken).ConfigureAwait(false) : null);
        var builderInspect = await puller.EnsureAsync(request.Builder, request.PullPolicy, Messages.BuilderNotInDaemon, Messages.BuilderPullFailed, cancellationToken).ConfigureAwait(false);
        if (!builderInspect.Labels.ContainsKey(Labels.LabelNames.BuilderMetadata))
        {
            throw CodedException.Of(Messages.InvalidBuilderImage, request.Builder, $"it has no {Labels.LabelNames.BuilderMetadata} label.");
        }

        var builderPlatform = PlatformOf(builderInspect);

        // A daemon holds one platform of a name: a builder for another platform than the one asked for fails here,
        // before any container, not as an exec format error deep in the build.
        if (request.Platform is { } wanted && !wanted.Matches(builderPlatform))
        {
            throw CodedException.Of(Messages.PlatformNotInImage, $"The builder {request.Builder}", wanted, $"the daemon at {engine.Endpoint} holds it for {builderPlatform}");
        }

        var platform = request.Platform ?? builderPlatform;

        // The daemon store shares the client: one connection pool, one endpoint, for images and containers alike.
        using var daemon = new DaemonImageStore(engine, new DaemonImageStoreOptions { CacheDirectory = daemonCacheDirectory });
        using var builderRegistry = BuilderRegistry(request);
        var builder = await ReadBuilderAsync(daemon, builderRegistry, request, builderInspect.Id, platform, errors, log, cancellationToken).ConfigureAwait(false);
        if (builder.HasImageExtensions)
        {
            throw CodedException.Of(Messages.ImageExtensionsUnsupported, request.Builder);
        }

        // The run image, before anything is created: pulled into the daemon when the lifecycle reads it there, else
        // looked up in its registry (the lifecycle reads it there), so a missing one is its own error, not the analyzer's.
        // Which of its names is used does not depend on trust; whether run.toml is written does (decided below).
        var useDaemon = request.Destination.Kind != ImageDestinationKind.Registry;
        var publishTo = useDaemon ? null : request.Tags[0].Registry;
        var run = RunImageChoice.Choose(builder.RunImages, request.Builder, request.RunImage, request.RunImageMirrors, publishTo, alwaysWriteRunToml: false);
        var builderUsed = await UsedAsync(request.Builder, builderInspect.Id, request, cancellationToken).ConfigureAwait(false);
        var runImageUsed = useDaemon
            ? await UsedAsync(run.Image, (await puller.EnsureAsync(run.Image, request.PullPolicy, Messages.RunImageNotInDaemon, Messages.RunImagePullFailed, cancellationToken).ConfigureAwait(false)).Id, request, cancellationToken).ConfigureAwait(false)
            : new ResolvedImage(run.Image.ToString(), ImageOrigin.Registry, await ImageDigests.InRegistryAsync(run.Image, request, cancellationToken).ConfigureAwait(false)
                ?? throw CodedException.Of(Messages.RunImageNotFound, run.Image, $"its registry {run.Image.Registry}"));

        var resources = new BuildResources(engine, message => log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, message));
        await using (resources.ConfigureAwait(false))
        {
            log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"Build {resources.BuildId}: everything it creates in the daemon is labelled {BuildResources.BuildLabel}={resources.BuildId}");
            var image = request.Builder;
            var addsBuildpacks = false;
            if (request.Buildpacks.Count > 0)
            {
                (image, addsBuildpacks) = await EphemeralBuilder.CreateAsync(builder, request, daemon, platform, resources, errors, log, cancellationToken).ConfigureAwait(false);
            }

            var trusted = BuilderTrust.IsTrusted(request);
            if (trusted && addsBuildpacks && !request.TrustExtraBuildpacks)
            {
                // pack 0.35 and later: the builder is trusted, the buildpacks added to it are not (pack#2221).
                log.Progress($"Builder {request.Builder} is trusted, but buildpacks from outside it were added: the five phases run, the added buildpacks without the daemon or credentials (BuildpackTrustExtraBuildpacks=true trusts them)");
                trusted = false;
            }

            var lifecycleImage = trusted ? null : await LifecycleImageAsync(request, builder, puller, cancellationToken).ConfigureAwait(false);
            var platformApi = PlatformApiChoice.Choose(builder.Lifecycle, request.Builder.ToString(), lifecycleImage?.PlatformApis);
            if (lifecycleImage is not null)
            {
                run = RunImageChoice.Choose(builder.RunImages, request.Builder, request.RunImage, request.RunImageMirrors, publishTo, alwaysWriteRunToml: true);
            }

            log.Progress($"Builder {request.Builder} ({(trusted ? "trusted: one creator container" : $"untrusted: five phase containers, the analyzer, restorer and exporter from {lifecycleImage!.Name}")}), Platform API {platformApi}, run image {run.Image}");

            var exportNames = request.Destination.Kind is ImageDestinationKind.Daemon or ImageDestinationKind.Registry
                ? request.Tags
                : [ImageReference.Parse($"buildpacks-msbuild.local/export/{resources.BuildId}:latest")];
            if (!ReferenceEquals(exportNames, request.Tags))
            {
                resources.AddImage(exportNames[0].ToString());
            }

            var access = useDaemon ? await DaemonAccessAsync(request, engine, log, cancellationToken).ConfigureAwait(false) : null;
            var settings = await SettingsAsync(request, builder, platformApi, run, access, lifecycleImage?.Name, exportNames, engine, errors, resources, credentials, log, cancellationToken).ConfigureAwait(false);
            var runner = new PhaseRunner(engine, errors, resources, log, image.ToString(), string.IsNullOrEmpty(request.Network) ? "host" : request.Network, request.Platform);
            var last = await RunLifecycleAsync(runner, resources, trusted, settings, cancellationToken).ConfigureAwait(false);

            var files = new ContainerFiles(engine, errors);
            Lifecycle.Files.ImageReport report;
            using (StepTimer.Start(log, "Reading the report"))
            {
                report = await files.ReadReportAsync(last.ContainerId, useDaemon, cancellationToken).ConfigureAwait(false);
            }

            if (request.SbomOutputDirectory is { } sbom)
            {
                var copied = await files.CopyDirectoryOutAsync(last.ContainerId, "/layers/sbom", sbom, cancellationToken).ConfigureAwait(false);
                log.Progress(copied ? $"Copied the SBOM files to {sbom}" : "The build wrote no SBOM files");
            }

            // Nothing reads the containers and volumes any more: they go while the image is finished.
            var releasing = resources.ReleaseContainersAndVolumesAsync();
            BuildResult result;
            using (StepTimer.Start(log, "Finishing the export"))
            {
                try
                {
                    result = await new ExportFinisher(request, daemon, platform, log).FinishAsync(exportNames, report, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await releasing.ConfigureAwait(false);
                }
            }

            if (request.Destination.Kind == ImageDestinationKind.Daemon && !ExportFinisher.IsSameImageId(result.ImageId, report.ImageId))
            {
                // The unlabelled image the lifecycle wrote lost its names to the labelled one.
                await resources.RemoveImageAsync(report.ImageId!).ConfigureAwait(false);
            }

            log.Progress($"Built {request.Tags[0]} ({result.ManifestDigest ?? result.ImageId})");
            return result with { Inputs = [builderUsed, runImageUsed] };
        }
    }

    /// <summary>
    /// Rehearses, while the project compiles, what a build of <paramref name="request"/> begins with and only reads: the
    /// daemon's ping and version, the builder's inspect, labels and config (from the daemon's copy when this machine
    /// has one, else from its registry when that is the daemon's image), and the run image's digest in its registry.
    /// Nothing is pulled, created or written. The build does all of it again, but in a process that has run that code
    /// and opened those connections: a fifth of a second less after a code change, on this machine.
    /// </summary>
    public async Task PrepareAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var engine = Connect(request.DockerHost);
            var errors = new DaemonErrors(engine.Endpoint);
            if (!(await DaemonProbe.ProbeAsync(engine, PingTimeout, cancellationToken).ConfigureAwait(false)).HasAnswered)
            {
                return;
            }

            if (request.Platform is null)
            {
                await DaemonPlatformAsync(engine, errors, cancellationToken).ConfigureAwait(false);
            }

            if (await engine.TryInspectImageAsync(request.Builder.ToString(), cancellationToken).ConfigureAwait(false) is not { } inspect)
            {
                return;
            }

            var platform = request.Platform ?? PlatformOf(inspect);
            using var daemon = new DaemonImageStore(engine, new DaemonImageStoreOptions { CacheDirectory = daemonCacheDirectory });
            using var registry = BuilderRegistry(request);

            // Never the daemon's copy uncached here: that is a `docker save` of the whole builder, the build's to do.
            var builder = await TryReadBuilderUnsavedAsync(daemon, registry, request, inspect.Id, platform, errors, SilentBuildLog.Instance, cancellationToken).ConfigureAwait(false);

            if (builder is not null && request.Destination.Kind == ImageDestinationKind.Registry && request.PullPolicy != PullPolicy.Never)
            {
                var run = RunImageChoice.Choose(builder.RunImages, request.Builder, request.RunImage, request.RunImageMirrors, request.Tags[0].Registry, alwaysWriteRunToml: false);
                await ImageDigests.InRegistryAsync(run.Image, request, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The build meets the same failure, and reports it.
        }
    }

    // The daemon's machine is this one when it says this machine's name: Docker Engine and Podman here do; Docker
    // Desktop, Colima, Podman machine and a socket forwarded from elsewhere name another machine (or a VM).
    private static async Task<DaemonAccess> DaemonAccessAsync(BuildRequest request, IContainerEngine engine, IBuildLog log, CancellationToken cancellationToken)
    {
        var os = OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux;
        var local = false;
        if (string.IsNullOrWhiteSpace(request.DockerSocket)
            && ((engine.Endpoint.Kind == DaemonEndpointKind.UnixSocket && os == OSPlatform.Linux) || DaemonAccess.IsLoopbackTcp(engine.Endpoint)))
        {
            var info = await engine.GetInfoAsync(cancellationToken).ConfigureAwait(false);
            local = SameHost(info.Name, Environment.MachineName);
            log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"The daemon runs on '{info.Name}' ({info.OperatingSystem}); this machine is '{Environment.MachineName}'");
        }

        var access = DaemonAccess.For(engine.Endpoint, os, local, request.DockerSocket);
        log.Progress($"The phases that reach the daemon get {access.Description}");
        return access;
    }

    private static bool SameHost(string? daemon, string machine) =>
        daemon is { Length: > 0 } && string.Equals(daemon.Split('.')[0], machine.Split('.')[0], StringComparison.OrdinalIgnoreCase);

    // An untrusted builder's privileged phases run from a lifecycle image (pack's default:
    // docker.io/buildpacksio/lifecycle:<the builder's lifecycle version>), whose Platform APIs bound the choice.
    private static async Task<LifecycleImage> LifecycleImageAsync(BuildRequest request, Builder builder, ImagePuller puller, CancellationToken cancellationToken)
    {
        var name = request.LifecycleImage ?? (ImageReference.TryParse($"docker.io/buildpacksio/lifecycle:{builder.Lifecycle.Version}", out var named) && named is not null
            ? named
            : throw CodedException.Of(Messages.LifecycleImageUnavailable, $"docker.io/buildpacksio/lifecycle:{builder.Lifecycle.Version}", "the builder's lifecycle version is not a tag"));
        var inspect = await puller.EnsureAsync(name, request.PullPolicy, Messages.LifecycleImageNotInDaemon, Messages.LifecycleImageUnavailable, cancellationToken).ConfigureAwait(false);
        var apis = LifecycleApis(inspect.Labels);
        return new LifecycleImage(name.ToString(), apis ?? builder.Lifecycle.Platform.Supported.Concat(builder.Lifecycle.Platform.Deprecated).ToList());
    }

    // io.buildpacks.lifecycle.apis, as the lifecycle's image tool writes it: {"platform":{"supported":[…],"deprecated":[…]}, …}.
    private static List<string>? LifecycleApis(IReadOnlyDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(Labels.LabelNames.LifecycleApis, out var json) || string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("platform", out var platform) || platform.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return null;
            }

            return new[] { "supported", "deprecated" }
                .Where(key => platform.TryGetProperty(key, out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array)
                .SelectMany(key => platform.GetProperty(key).EnumerateArray())
                .Where(v => v.ValueKind == System.Text.Json.JsonValueKind.String)
                .Select(v => v.GetString()!)
                .ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record LifecycleImage(string Name, IReadOnlyCollection<string> PlatformApis);

    // What an image in the daemon was, for the up-to-date check: its image ID there, or, when the pull policy pulls
    // every time, the digest its name has in its registry (what the next pull would bring), where that can be asked.
    private static async Task<ResolvedImage> UsedAsync(ImageReference image, string imageId, BuildRequest request, CancellationToken cancellationToken)
    {
        if (request.PullPolicy == PullPolicy.Always)
        {
            try
            {
                if (await ImageDigests.InRegistryAsync(image, request, cancellationToken).ConfigureAwait(false) is { } digest)
                {
                    return new ResolvedImage(image.ToString(), ImageOrigin.Registry, digest);
                }
            }
            catch (ImageException)
            {
                // A builder made in the daemon alone has no registry to ask: its image ID says what was used.
            }
        }

        return new ResolvedImage(image.ToString(), ImageOrigin.Daemon, imageId);
    }

    // The platform a pull without one gives from an index (GET /version), when the daemon says it.
    private static async Task<ImagePlatform?> DaemonPlatformAsync(EngineApiClient engine, DaemonErrors errors, CancellationToken cancellationToken)
    {
        var version = await errors.RunAsync("read the daemon's version", () => engine.GetVersionAsync(cancellationToken)).ConfigureAwait(false);
        return string.IsNullOrEmpty(version.Os) || string.IsNullOrEmpty(version.Architecture)
            ? null
            : new ImagePlatform { Os = version.Os, Architecture = version.Architecture };
    }

    // The endpoint's own failures (not an endpoint, unreadable TLS files) are BP3001 too: the daemon cannot be reached.
    private static EngineApiClient Connect(string? dockerHost)
    {
        try
        {
            return new EngineApiClient(BuildpackDockerHost.Resolve(dockerHost));
        }
        catch (DaemonException e)
        {
            throw CodedException.Because(e, Messages.DaemonUnreachable, BuildpackDockerHost.Describe(dockerHost), BuildpackDockerHost.PropertyName, e.Message.TrimEnd('.'));
        }
    }

    // The builder's labels and config, which is all a build reads of it unless it adds buildpacks, cost the daemon a
    // `docker save` of the whole image (a Paketo builder is over a gigabyte) the first time: its registry gives the same
    // config, checked by digest against the daemon's image ID, for two requests. The daemon's copy serves when this
    // machine has read it before, when the registry does not answer at once or holds another image under the name now,
    // and when the pull policy forbids the network.
    private static async Task<Builder> ReadBuilderAsync(
        DaemonImageStore daemon, RegistryStore registry, BuildRequest request, string imageId, ImagePlatform platform, DaemonErrors errors, IBuildLog log, CancellationToken cancellationToken) =>
        await TryReadBuilderUnsavedAsync(daemon, registry, request, imageId, platform, errors, log, cancellationToken).ConfigureAwait(false)
            ?? await ReadBuilderFromDaemonAsync(daemon, request.Builder, platform, errors, cancellationToken).ConfigureAwait(false);

    // The builder without a `docker save`: the daemon's copy when this machine has read it before, else its registry's
    // when that is the daemon's image (and the pull policy allows the network); null when only a save would give it.
    private static async Task<Builder?> TryReadBuilderUnsavedAsync(
        DaemonImageStore daemon, RegistryStore registry, BuildRequest request, string imageId, ImagePlatform platform, DaemonErrors errors, IBuildLog log, CancellationToken cancellationToken)
    {
        var reference = request.Builder;
        if (await daemon.IsCachedAsync(reference, cancellationToken).ConfigureAwait(false))
        {
            return await ReadBuilderFromDaemonAsync(daemon, reference, platform, errors, cancellationToken).ConfigureAwait(false);
        }

        if (request.PullPolicy == PullPolicy.Never)
        {
            return null;
        }

        try
        {
            var image = await registry.TryReadImageAsync(reference, platform, cancellationToken).ConfigureAwait(false);
            // The daemon's ID is the config digest on the graph-driver store, and the manifest's or the index's digest on
            // the containerd image store (Docker Desktop's default since 4.34).
            if (image is not null && (image.ImageId.ToString() == imageId || image.Digest.ToString() == imageId || image.IndexDigest?.ToString() == imageId))
            {
                log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"Read the builder {reference} from its registry: the daemon's image {imageId} is the same");
                return await BuilderReader.ReadAsync(image, cancellationToken).ConfigureAwait(false);
            }

            log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"The builder's registry has {image?.ImageId.ToString() ?? "no image"} under {reference}, not the daemon's {imageId}: reading the daemon's");
        }
        catch (Exception e) when (e is ImageException or PlatformException or HttpRequestException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"Could not read the builder {reference} from its registry ({e.Message}): reading the daemon's");
        }

        return null;
    }

    private static async Task<Builder> ReadBuilderFromDaemonAsync(DaemonImageStore daemon, ImageReference reference, ImagePlatform platform, DaemonErrors errors, CancellationToken cancellationToken)
    {
        try
        {
            return await BuilderReader.ReadAsync(daemon, reference, platform, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException e)
        {
            throw CodedException.Because(e, Messages.InvalidBuilderImage, reference, e.Message);
        }
        catch (ImageException e)
        {
            throw errors.Map(e, $"read the builder {reference}");
        }
    }

    // The builder's registry, asked once and briefly: the daemon's copy serves when it does not answer at once.
    private static RegistryStore BuilderRegistry(BuildRequest request) =>
        new(request.RegistrySettings() with { MaxAttempts = 1, RequestTimeout = BuilderRegistryTimeout });

    // The platform of an image in the daemon, as its inspect says it (linux/amd64 where it says nothing).
    private static ImagePlatform PlatformOf(DaemonImageDetails inspect) => new()
    {
        Os = string.IsNullOrEmpty(inspect.Os) ? "linux" : inspect.Os,
        Architecture = string.IsNullOrEmpty(inspect.Architecture) ? "amd64" : inspect.Architecture,
        Variant = string.IsNullOrEmpty(inspect.Variant) ? null : inspect.Variant,
    };

    private static async Task<PhaseOutcome> RunLifecycleAsync(PhaseRunner runner, BuildResources resources, bool trusted, LifecycleSettings settings, CancellationToken cancellationToken)
    {
        var phases = trusted ? [LifecyclePlan.Creator(settings)] : LifecyclePlan.FivePhases(settings);
        PhaseOutcome? outcome = null;
        foreach (var phase in phases)
        {
            if (outcome is not null)
            {
                await resources.RemoveContainerAsync(outcome.ContainerId).ConfigureAwait(false);
            }

            outcome = await runner.RunAsync(phase, cancellationToken).ConfigureAwait(false);
            if (outcome.ExitCode is 20 or 21)
            {
                var said = DetectReport.HasBlocks(outcome.LastLines)
                    ? DetectReport.Summarize(outcome.LastLines)
                    : await ReplayDetectAsync(runner, resources, settings, cancellationToken).ConfigureAwait(false);
                throw PhaseFailure.ForDetect(outcome, said);
            }

            if (outcome.ExitCode != 0)
            {
                throw PhaseFailure.For(outcome, settings.ExportNames[0].Registry);
            }
        }

        return outcome!;
    }

    // The lifecycle prints buildpacks' detect output only at debug level, and without saying whose it is: the detector
    // is run again, quietly, at debug level, and its output read per buildpack. Only after a failed detection, so a
    // good build pays nothing; if the replay itself fails, the error goes without what the buildpacks said.
    private static async Task<string> ReplayDetectAsync(PhaseRunner runner, BuildResources resources, LifecycleSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var replay = await runner.RunAsync(LifecyclePlan.DetectReplay(settings), cancellationToken, quiet: true).ConfigureAwait(false);
            await resources.RemoveContainerAsync(replay.ContainerId).ConfigureAwait(false);
            return DetectReport.Summarize(replay.LastLines);
        }
        catch (CodedException)
        {
            return string.Empty;
        }
    }

    private static async Task<LifecycleSettings> SettingsAsync(
        BuildRequest request,
        Builder builder,
        string platformApi,
        RunImageChoice run,
        DaemonAccess? daemonAccess,
        string? lifecycleImage,
        IReadOnlyList<ImageReference> exportNames,
        IContainerEngine engine,
        DaemonErrors errors,
        BuildResources resources,
        RegistryCredentials credentials,
        IBuildLog log,
        CancellationToken cancellationToken)
    {
        var useDaemon = daemonAccess is not null;
        var appVolume = await CreateVolumeAsync($"buildpacks-msbuild-app-{resources.BuildId}", engine, errors, resources, cancellationToken).ConfigureAwait(false);
        var layersVolume = await CreateVolumeAsync($"buildpacks-msbuild-layers-{resources.BuildId}", engine, errors, resources, cancellationToken).ConfigureAwait(false);
        var cache = request.Cache;
        string? cacheSource = null;
        if (cache.Image is null)
        {
            if (cache.Directory is { } directory)
            {
                cacheSource = Path.GetFullPath(directory);
                Directory.CreateDirectory(cacheSource);
            }
            else
            {
                cacheSource = cache.Volume ?? CacheVolumeNames.Build(request.Tags[0], request.Platform);
                if (cache.Clear)
                {
                    await errors.RunAsync($"remove the cache volume {cacheSource}", () => engine.RemoveVolumeAsync(cacheSource, cancellationToken)).ConfigureAwait(false);
                }
            }
        }

        var inRegistries = new List<ImageReference>();
        if (!useDaemon)
        {
            inRegistries.AddRange(request.Tags);
            inRegistries.Add(run.Image);
            if (request.PreviousImage is { } previous)
            {
                inRegistries.Add(previous);
            }
        }

        if (cache.Image is { } cacheImage)
        {
            inRegistries.Add(cacheImage);
        }

        var insecure = request.InsecureRegistries
            .Concat(inRegistries.Where(r => r.IsLoopbackRegistry).Select(r => r.Registry))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (request.InsecureRegistries.Count > 0 && !LifecycleFlags.Defines(LifecycleFlags.Exporter, "insecure-registry", Lifecycle.Api.ApiVersion.Parse(platformApi)))
        {
            log.Warning(CodedMessage.Format(Messages.InsecureRegistryUnsupported, platformApi, string.Join(", ", request.InsecureRegistries.Order(StringComparer.Ordinal))));
        }

        return new LifecycleSettings
        {
            PlatformApi = platformApi,
            Proxies = ProxyVariables.OfThisProcess(),
            Uid = builder.UserId,
            Gid = builder.GroupId,
            AppDirectory = request.ImageAppDirectory,
            AppVolume = appVolume,
            LayersVolume = layersVolume,
            CacheSource = cacheSource,
            CacheImage = cache.Image,
            UseDaemon = useDaemon,
            LaunchCacheVolume = useDaemon ? CacheVolumeNames.Launch(request.Tags[0], request.Platform) : null,
            Daemon = daemonAccess,
            LifecycleImage = lifecycleImage,
            RunToml = run.RunToml is { } runToml ? token => ContainerArchives.RunTomlAsync(runToml, token) : null,
            ExportNames = exportNames,
            RunImage = run.Image,
            PreviousImage = request.PreviousImage,
            ProcessType = request.DefaultProcess,
            Verbose = request.Verbose,
            SkipRestore = cache.Clear,
            InsecureRegistries = insecure,
            RegistryAuth = inRegistries.Count == 0 ? null : await credentials.ForLifecycleAsync(inRegistries, cancellationToken).ConfigureAwait(false),
            SourceDateEpoch = request.Created?.ToUnixTimeSeconds(),
            BuildpackBinds = request.Bindings.Select(Bind).ToList(),
            // Sent while it is written: the daemon extracts the app's files as they come (a self-contained app is
            // 110 MB). Disposing it after the copy rethrows a failure to write it, before the phase starts.
            AppArchive = token => Task.FromResult<Stream>(ProducedStream.Start(
                (pipe, produce) => ContainerArchives.WriteAppAsync(request, builder.UserId, builder.GroupId, pipe, produce), token)),
            PlatformArchive = request.Environment.Count == 0 ? null : async token => await ContainerArchives.PlatformEnvAsync(request.Environment, token).ConfigureAwait(false),
        };
    }

    private static async Task<string> CreateVolumeAsync(string name, IContainerEngine engine, DaemonErrors errors, BuildResources resources, CancellationToken cancellationToken)
    {
        resources.AddVolume(name);
        await errors.RunAsync($"create the volume {name}", () => engine.CreateVolumeAsync(name, resources.Labels, cancellationToken)).ConfigureAwait(false);
        return name;
    }

    private static string Bind(BuildBinding binding) => $"{binding.Source}:{binding.PathInBuild}:{(binding.ReadOnly ? "ro" : "rw")}";
}
