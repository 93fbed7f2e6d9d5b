namespace Buildpacks.Images.Engine;

/// <summary>How a <see cref="DaemonEndpoint"/> is dialled.</summary>
public enum DaemonEndpointKind
{
    /// <summary>A unix domain socket (<c>unix:///var/run/docker.sock</c>): Docker and Podman on Linux, Docker Desktop and colima on macOS.</summary>
    UnixSocket,

    /// <summary>A TCP address (<c>tcp://host:port</c>), plain HTTP or TLS.</summary>
    Tcp,

    /// <summary>A Windows named pipe (<c>npipe:////./pipe/docker_engine</c>): Docker Desktop and Docker Engine on Windows.</summary>
    NamedPipe,
}
