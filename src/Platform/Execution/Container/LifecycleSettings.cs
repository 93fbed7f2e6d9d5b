using Buildpacks.Images.References;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>Everything the phases of one build are run with, decided before the first container starts.</summary>
internal sealed record LifecycleSettings
{
    /// <summary>The Platform API (<c>CNB_PLATFORM_API</c>).</summary>
    public required string PlatformApi { get; init; }

    /// <summary>The proxy variables every phase gets (<see cref="ProxyVariables"/>).</summary>
    public IReadOnlyList<string> Proxies { get; init; } = [];

    /// <summary>The build user.</summary>
    public required int Uid { get; init; }

    /// <summary>The build group.</summary>
    public required int Gid { get; init; }

    /// <summary>The app directory in the containers (<c>-app</c>).</summary>
    public required string AppDirectory { get; init; }

    /// <summary>The volume holding the app.</summary>
    public required string AppVolume { get; init; }

    /// <summary>The volume holding the layers directory.</summary>
    public required string LayersVolume { get; init; }

    /// <summary>The cache volume or host directory mounted at <c>/cache</c> (<c>-cache-dir</c>); null with a cache image.</summary>
    public string? CacheSource { get; init; }

    /// <summary>The cache image (<c>-cache-image</c>); null with a cache volume.</summary>
    public ImageReference? CacheImage { get; init; }

    /// <summary>The launch cache volume (<c>-launch-cache</c>) when exporting to the daemon.</summary>
    public string? LaunchCacheVolume { get; init; }

    /// <summary>Exporting to the daemon (<c>-daemon</c>).</summary>
    public bool UseDaemon { get; init; }

    /// <summary>How the phases that reach the daemon reach it (a socket bound in, or DOCKER_HOST and TLS files); null when none does.</summary>
    public DaemonAccess? Daemon { get; init; }

    /// <summary>
    /// The image the analyzer, restorer and exporter of an untrusted builder run from (a lifecycle image, as pack's
    /// <c>--lifecycle-image</c>), so that nothing of the builder runs with the daemon or credentials; null for the builder.
    /// </summary>
    public string? LifecycleImage { get; init; }

    /// <summary>run.toml to copy to <c>/cnb/run.toml</c> of every phase's container (the user's run image and mirrors, or a lifecycle image that has none); null to keep the builder's.</summary>
    public Func<CancellationToken, Task<Stream>>? RunToml { get; init; }

    /// <summary>The names the lifecycle exports the image under; the first is the image.</summary>
    public required IReadOnlyList<ImageReference> ExportNames { get; init; }

    /// <summary>The run image (<c>-run-image</c>): the one chosen among the run image and its mirrors.</summary>
    public required ImageReference RunImage { get; init; }

    /// <summary>The previous image (<c>-previous-image</c>), if not the image itself.</summary>
    public ImageReference? PreviousImage { get; init; }

    /// <summary>The default process type (<c>-process-type</c>).</summary>
    public string? ProcessType { get; init; }

    /// <summary>Debug logging (<c>-log-level debug</c>).</summary>
    public bool Verbose { get; init; }

    /// <summary>A cleared cache: the creator skips restoring; the restorer restores no layers (<c>-skip-layers</c>) but still writes store.toml.</summary>
    public bool SkipRestore { get; init; }

    /// <summary>Registries reached over plain HTTP (<c>-insecure-registry</c>).</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary><c>CNB_REGISTRY_AUTH</c>, or null.</summary>
    public string? RegistryAuth { get; init; }

    /// <summary><c>SOURCE_DATE_EPOCH</c> for the image's created time, or null for the lifecycle's reproducible default.</summary>
    public long? SourceDateEpoch { get; init; }

    /// <summary>Mounts for the phases that run buildpacks (service bindings), <c>source:target:ro</c>.</summary>
    public IReadOnlyList<string> BuildpackBinds { get; init; } = [];

    /// <summary>The app archive, copied into the first container that mounts the app volume.</summary>
    public required Func<CancellationToken, Task<Stream>> AppArchive { get; init; }

    /// <summary>The platform env archive, copied into each container that runs buildpacks; null when there is no env.</summary>
    public Func<CancellationToken, Task<Stream>>? PlatformArchive { get; init; }
}
