namespace Buildpacks.Images.Stores.Daemon;

/// <summary>What <c>image inspect</c> tells the store about one image: the parts it reads, whatever the transport.</summary>
public sealed record DaemonImageDetails
{
    /// <summary>The image ID, <c>sha256:…</c>: the digest of the config.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The names the image has. Docker lists familiar names (<c>busybox:latest</c>), Podman full ones
    /// (<c>docker.io/library/busybox:latest</c>).
    /// </summary>
    public IReadOnlyList<string> RepoTags { get; init; } = [];

    /// <summary>The diff IDs of the image's layers, base first (<c>RootFS.Layers</c>).</summary>
    public IReadOnlyList<string> DiffIds { get; init; } = [];

    /// <summary>The image's operating system, when the daemon says.</summary>
    public string? Os { get; init; }

    /// <summary>The image's CPU architecture, when the daemon says.</summary>
    public string? Architecture { get; init; }

    /// <summary>The architecture variant (e.g. <c>v8</c>), when there is one.</summary>
    public string? Variant { get; init; }
}
