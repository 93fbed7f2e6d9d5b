using Buildpacks.Images.References;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>Everything the phases of one build are run with, decided before the first container starts.</summary>
internal sealed record LifecycleSettings
{
    /// <summary>The Platform API (<c>CNB_PLATFORM_API</c>).</summary>
    public required string PlatformApi { get; init; }

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

    /// <summary>The host's daemon socket to mount at <c>/var/run/docker.sock</c> in the phases that reach the daemon; null for a TCP daemon.</summary>
    public string? DaemonSocket { get; init; }

    /// <summary>DOCKER_HOST for the phases that reach the daemon when it listens on TCP; null for a socket.</summary>
    public string? DaemonHost { get; init; }

    /// <summary>The names the lifecycle exports the image under; the first is the image.</summary>
    public required IReadOnlyList<ImageReference> ExportNames { get; init; }

    /// <summary>The run image (<c>-run-image</c>).</summary>
    public required ImageReference RunImage { get; init; }

    /// <summary>The previous image (<c>-previous-image</c>), if not the image itself.</summary>
    public ImageReference? PreviousImage { get; init; }

    /// <summary>The default process type (<c>-process-type</c>).</summary>
    public string? ProcessType { get; init; }

    /// <summary>Debug logging (<c>-log-level debug</c>).</summary>
    public bool Verbose { get; init; }

    /// <summary>Skip restoring the cache (a cleared cache).</summary>
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
