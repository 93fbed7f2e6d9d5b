namespace Buildpacks.Images.Engine;

/// <summary>What the daemon says about itself (<c>GET /version</c>).</summary>
public sealed record DaemonVersion
{
    /// <summary>The engine's own version, e.g. <c>20.10.24</c> (Docker) or <c>4.3.1</c> (Podman).</summary>
    public required string Version { get; init; }

    /// <summary>The newest Engine API version the daemon speaks, e.g. <c>1.41</c>.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>The oldest Engine API version the daemon accepts, when it says.</summary>
    public string? MinApiVersion { get; init; }

    /// <summary>The daemon's operating system (the platform of the images it runs).</summary>
    public string? Os { get; init; }

    /// <summary>The daemon's CPU architecture.</summary>
    public string? Architecture { get; init; }
}
