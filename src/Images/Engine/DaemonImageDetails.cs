namespace Buildpacks.Images.Engine;

/// <summary>What <c>image inspect</c> tells about one image: the parts the daemon store and Container execution read.</summary>
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

    /// <summary>The labels of the image's config (<c>Config.Labels</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The user the image's containers run as (<c>Config.User</c>), when it names one.</summary>
    public string? User { get; init; }

    /// <summary>The image's environment (<c>Config.Env</c>), <c>NAME=value</c>.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];
}
