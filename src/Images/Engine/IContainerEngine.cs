using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry.Credentials;
using Buildpacks.Images.Stores.Daemon;

namespace Buildpacks.Images.Engine;

/// <summary>
/// What a platform asks of a Docker (or Podman) daemon to run a build in containers, in its own types: the image
/// operations of the daemon store (<see cref="IDaemonImageApi"/>) and pulls, volumes, containers, copies in and out,
/// and container output. <see cref="EngineApiClient"/> implements it over the Engine API; the transport (socket, pipe,
/// TCP, TLS) stays behind it, as Spring Boot's <c>DockerApi</c> keeps its own.
/// </summary>
/// <remarks>
/// Failures are <see cref="DaemonException"/>s: <see cref="DaemonUnreachableException"/> when nothing answers on the
/// endpoint, <see cref="DaemonRequestException"/> with the status and the daemon's message when it refuses,
/// <see cref="DaemonPullException"/> for a pull that fails inside its answer. Removing what is already gone is not a
/// failure. Cancellation surfaces as <see cref="OperationCanceledException"/>.
/// </remarks>
public interface IContainerEngine : IDaemonImageApi
{
    /// <summary>Asks whether the daemon answers (<c>GET /_ping</c>).</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>What the daemon says about its machine (<c>GET /info</c>).</summary>
    Task<DaemonInfo> GetInfoAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Pulls <paramref name="image"/> (<c>POST /images/create</c>), for <paramref name="platform"/> when given, with
    /// <paramref name="credential"/> for its registry when given, reporting each progress message to
    /// <paramref name="progress"/> as it arrives.
    /// </summary>
    Task PullImageAsync(ImageReference image, ImagePlatform? platform, RegistryCredential? credential, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Removes an image by name or ID, even when containers use it (<c>DELETE /images/{name}?force=1</c>).</summary>
    Task RemoveImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>Creates a named volume with <paramref name="labels"/> (<c>POST /volumes/create</c>); an existing one is kept.</summary>
    Task CreateVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>Removes a volume (<c>DELETE /volumes/{name}?force=1</c>).</summary>
    Task RemoveVolumeAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates a container and returns its ID (<c>POST /containers/create</c>).</summary>
    Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken);

    /// <summary>Extracts the tar archive <paramref name="archive"/> at <paramref name="path"/> of the container (<c>PUT /containers/{id}/archive</c>).</summary>
    Task CopyIntoContainerAsync(string containerId, string path, Stream archive, CancellationToken cancellationToken);

    /// <summary>
    /// A tar archive of <paramref name="path"/> of the container, its last component at the archive's root
    /// (<c>GET /containers/{id}/archive</c>); null when the container has no such path. The caller disposes it.
    /// </summary>
    Task<Stream?> TryCopyFromContainerAsync(string containerId, string path, CancellationToken cancellationToken);

    /// <summary>
    /// Attaches to the container's stdout and stderr (<c>POST /containers/{id}/attach</c>), before it starts so that
    /// no output is lost; the output ends when the container's streams close. The caller disposes the reader.
    /// </summary>
    Task<MultiplexedStreamReader> AttachAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Starts a created container (<c>POST /containers/{id}/start</c>).</summary>
    Task StartContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Waits until the container stops and returns its exit code (<c>POST /containers/{id}/wait</c>).</summary>
    Task<int> WaitContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Kills a running container (<c>POST /containers/{id}/kill</c>).</summary>
    Task KillContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Removes a container, killing it first if it runs, with its anonymous volumes (<c>DELETE /containers/{id}?force=1&amp;v=1</c>).</summary>
    Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken);
}
