using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// What making a builder or a buildpack package image shares with publishing an app: where the image goes, when
/// source images are pulled, which registries are insecure, and the daemon.
/// </summary>
public sealed record ImageMakingSettings
{
    /// <summary>Where the image goes; the daemon when the user names no other place (as <c>pack builder create</c>).</summary>
    public ImageDestination Destination { get; init; } = ImageDestination.Daemon;

    /// <summary>When the build image and buildpack images are pulled.</summary>
    public PullPolicy PullPolicy { get; init; } = PullPolicy.IfNotPresent;

    /// <summary>Registries reached over plain HTTP or unverified TLS (host[:port]); loopback registries always are.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>The daemon endpoint for the daemon destination; null for the resolved default.</summary>
    public string? DockerHost { get; init; }
}
