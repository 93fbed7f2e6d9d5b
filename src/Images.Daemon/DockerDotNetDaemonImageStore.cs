using Buildpacks.Images.Stores.Daemon;
using Docker.DotNet;

namespace Buildpacks.Images.Daemon;

/// <summary>
/// Makes a <see cref="DaemonImageStore"/> that talks to the daemon through Docker.DotNet, as the platform does for
/// everything else it asks of the daemon.
/// </summary>
public static class DockerDotNetDaemonImageStore
{
    /// <summary>
    /// A store with its own Docker.DotNet client for the daemon <paramref name="options"/> name (<c>DOCKER_HOST</c>,
    /// else <c>/var/run/docker.sock</c>), disposed with the store.
    /// </summary>
    public static DaemonImageStore Create(DaemonImageStoreOptions? options = null) =>
        new(new DockerDotNetImageApi(DaemonEndpoint.Resolve(options?.Endpoint)), options, ownsApi: true);

    /// <summary>
    /// A store over <paramref name="client"/>, which the caller shares with its container operations and disposes
    /// itself; <paramref name="endpoint"/> is where the client points, named in errors.
    /// </summary>
    public static DaemonImageStore Create(DockerClient client, DaemonEndpoint endpoint, DaemonImageStoreOptions? options = null) =>
        new(new DockerDotNetImageApi(client, endpoint), options, ownsApi: true);
}
