using Buildpacks.Images.Model;

namespace Buildpacks.Images.Engine;

/// <summary>
/// A container to create (<c>POST /containers/create</c>): the image and what it runs, as whom, with which mounts and
/// network. Its stdout and stderr are attachable; it has no TTY, so its output comes multiplexed
/// (<see cref="MultiplexedStreamReader"/>).
/// </summary>
public sealed record ContainerSpec
{
    /// <summary>The image, by name or ID.</summary>
    public required string Image { get; init; }

    /// <summary>The entrypoint; empty keeps the image's.</summary>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>The command (the entrypoint's arguments); empty keeps the image's.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Environment variables, <c>NAME=value</c>, added to the image's.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>The user (<c>name</c>, <c>uid</c> or <c>uid:gid</c>); null keeps the image's.</summary>
    public string? User { get; init; }

    /// <summary>The working directory; null keeps the image's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Labels on the container.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Volume and bind mounts, <c>source:target[:options]</c>.</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];

    /// <summary>The network mode (<c>host</c>, <c>none</c>, a network's name); null is the daemon's default.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>Security options, e.g. <c>label=disable</c>.</summary>
    public IReadOnlyList<string> SecurityOptions { get; init; } = [];

    /// <summary>The platform of the image to run (API 1.41 and later; ignored by older daemons); null for the daemon's choice.</summary>
    public ImagePlatform? Platform { get; init; }
}
