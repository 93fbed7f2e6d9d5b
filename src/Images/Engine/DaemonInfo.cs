namespace Buildpacks.Images.Engine;

/// <summary>What the daemon says about the machine it runs on (<c>GET /info</c>).</summary>
public sealed record DaemonInfo
{
    /// <summary>
    /// The host name of the daemon's machine: this machine's for Docker Engine or Podman here, <c>docker-desktop</c>,
    /// <c>colima</c> or the VM's own for a daemon in a VM.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>The daemon machine's operating system, e.g. <c>Docker Desktop</c> or <c>Debian GNU/Linux 12 (bookworm)</c>.</summary>
    public string? OperatingSystem { get; init; }

    /// <summary>
    /// Whether the daemon keeps images in containerd's image store (Docker Desktop's default since 4.34, Docker
    /// Engine's since 29) rather than a graph driver's: its image IDs are then manifest or index digests, not config
    /// digests, and a save holds the layers as they were pulled (compressed).
    /// </summary>
    public bool UsesContainerdImageStore { get; init; }
}
