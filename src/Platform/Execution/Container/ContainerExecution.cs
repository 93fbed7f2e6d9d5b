using Buildpacks.Images;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
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
public sealed class ContainerExecution : IBuildExecution
{
    // How long the daemon has to answer its first ping before the build stops with BP3001.
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);

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

        var credentials = new RegistryCredentials(log);
        var puller = new ImagePuller(engine, errors, credentials, log);
        var builderInspect = await puller.EnsureAsync(request.Builder, request.PullPolicy, Messages.BuilderNotInDaemon, Messages.BuilderPullFailed, cancellationToken).ConfigureAwait(false);
        if (!builderInspect.Labels.ContainsKey(Labels.LabelNames.BuilderMetadata))
        {
            throw CodedException.Of(Messages.InvalidBuilderImage, request.Builder, $"it has no {Labels.LabelNames.BuilderMetadata} label.");
        }

        var platform = request.Platform ?? new ImagePlatform
        {
            Os = string.IsNullOrEmpty(builderInspect.Os) ? "linux" : builderInspect.Os,
            Architecture = string.IsNullOrEmpty(builderInspect.Architecture) ? "amd64" : builderInspect.Architecture,
            Variant = string.IsNullOrEmpty(builderInspect.Variant) ? null : builderInspect.Variant,
        };

        // The daemon store shares the client: one connection pool, one endpoint, for images and containers alike.
        using var daemon = new DaemonImageStore(engine);
        var builder = await ReadBuilderAsync(daemon, request.Builder, platform, errors, cancellationToken).ConfigureAwait(false);
        var platformApi = PlatformApiChoice.Choose(builder.Lifecycle, request.Builder.ToString());
        var runImage = request.RunImage ?? DefaultRunImage(builder, request.Builder);
        var trusted = BuilderTrust.IsTrusted(request);
        log.Progress($"Builder {request.Builder} ({(trusted ? "trusted: one creator container" : "untrusted: five phase containers")}), Platform API {platformApi}, run image {runImage}");

        var resources = new BuildResources(engine, message => log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, message));
        await using (resources.ConfigureAwait(false))
        {
            log.Write(Lifecycle.Logging.LifecycleLogLevel.Debug, $"Build {resources.BuildId}: everything it creates in the daemon is labelled {BuildResources.BuildLabel}={resources.BuildId}");
            var scratch = Directory.CreateTempSubdirectory("bp-container-");
            try
            {
                var image = request.Buildpacks.Count == 0
                    ? request.Builder
                    : await EphemeralBuilder.CreateAsync(builder, request, daemon, platform, resources, errors, log, cancellationToken).ConfigureAwait(false);

                var useDaemon = request.Destination.Kind != ImageDestinationKind.Registry;
                if (useDaemon)
                {
                    await puller.EnsureAsync(runImage, request.PullPolicy, Messages.RunImageNotInDaemon, Messages.RunImagePullFailed, cancellationToken).ConfigureAwait(false);
                }

                var exportNames = request.Destination.Kind is ImageDestinationKind.Daemon or ImageDestinationKind.Registry
                    ? request.Tags
                    : [ImageReference.Parse($"buildpacks-msbuild.local/export/{resources.BuildId}:latest")];
                if (!ReferenceEquals(exportNames, request.Tags))
                {
                    resources.AddImage(exportNames[0].ToString());
                }

                var settings = await SettingsAsync(request, builder, platformApi, runImage, useDaemon, exportNames, engine, errors, resources, credentials, scratch.FullName, cancellationToken).ConfigureAwait(false);
                var runner = new PhaseRunner(engine, errors, resources, log, image.ToString(), string.IsNullOrEmpty(request.Network) ? "host" : request.Network);
                var last = await RunLifecycleAsync(runner, resources, trusted, settings, cancellationToken).ConfigureAwait(false);

                var files = new ContainerFiles(engine, errors);
                var report = await files.ReadReportAsync(last.ContainerId, cancellationToken).ConfigureAwait(false);
                if (request.SbomOutputDirectory is { } sbom)
                {
                    var copied = await files.CopyDirectoryOutAsync(last.ContainerId, "/layers/sbom", sbom, cancellationToken).ConfigureAwait(false);
                    log.Progress(copied ? $"Copied the SBOM files to {sbom}" : "The build wrote no SBOM files");
                }

                var result = await new ExportFinisher(request, daemon, platform, log).FinishAsync(exportNames, report, cancellationToken).ConfigureAwait(false);
                if (request.Destination.Kind == ImageDestinationKind.Daemon && result.ImageId != report.ImageId)
                {
                    // The unlabelled image the lifecycle wrote lost its names to the labelled one.
                    await resources.RemoveImageAsync(report.ImageId!).ConfigureAwait(false);
                }

                log.Progress($"Built {request.Tags[0]} ({result.ManifestDigest ?? result.ImageId})");
                return result;
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }
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

    private static async Task<Builder> ReadBuilderAsync(DaemonImageStore daemon, ImageReference reference, ImagePlatform platform, DaemonErrors errors, CancellationToken cancellationToken)
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

    private static ImageReference DefaultRunImage(Builder builder, ImageReference reference) =>
        builder.DefaultRunImage is { } run && ImageReference.TryParse(run.Image, out var parsed) && parsed is not null
            ? parsed
            : throw CodedException.Of(Messages.InvalidBuilderImage, reference, "it names no valid run image; set BuildpackRunImage.");

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
                var said = await ReplayDetectAsync(runner, resources, settings, cancellationToken).ConfigureAwait(false);
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
        ImageReference runImage,
        bool useDaemon,
        IReadOnlyList<ImageReference> exportNames,
        IContainerEngine engine,
        DaemonErrors errors,
        BuildResources resources,
        RegistryCredentials credentials,
        string scratch,
        CancellationToken cancellationToken)
    {
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
                cacheSource = cache.Volume ?? CacheVolumeNames.Build(request.Tags[0]);
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
            inRegistries.Add(runImage);
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

        var appArchivePath = Path.Combine(scratch, "app.tar");
        return new LifecycleSettings
        {
            PlatformApi = platformApi,
            Uid = builder.UserId,
            Gid = builder.GroupId,
            AppDirectory = request.ImageAppDirectory,
            AppVolume = appVolume,
            LayersVolume = layersVolume,
            CacheSource = cacheSource,
            CacheImage = cache.Image,
            UseDaemon = useDaemon,
            LaunchCacheVolume = useDaemon ? CacheVolumeNames.Launch(request.Tags[0]) : null,
            DaemonSocket = engine.Endpoint.UnixSocketPath,
            DaemonHost = engine.Endpoint.UnixSocketPath is null ? engine.Endpoint.ToString() : null,
            ExportNames = exportNames,
            RunImage = runImage,
            PreviousImage = request.PreviousImage,
            ProcessType = request.DefaultProcess,
            Verbose = request.Verbose,
            SkipRestore = cache.Clear,
            InsecureRegistries = insecure,
            RegistryAuth = inRegistries.Count == 0 ? null : await credentials.ForLifecycleAsync(inRegistries, cancellationToken).ConfigureAwait(false),
            SourceDateEpoch = request.Created?.ToUnixTimeSeconds(),
            BuildpackBinds = request.Bindings.Select(Bind).ToList(),
            AppArchive = async token =>
            {
                var file = new FileStream(appArchivePath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
                await ContainerArchives.WriteAppAsync(request, builder.UserId, builder.GroupId, file, token).ConfigureAwait(false);
                file.Position = 0;
                return file;
            },
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
