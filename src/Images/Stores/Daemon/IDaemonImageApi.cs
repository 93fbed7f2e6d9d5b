using Buildpacks.Images.Engine;

namespace Buildpacks.Images.Stores.Daemon;

/// <summary>
/// The few Engine API operations the <see cref="DaemonImageStore"/> needs: the seam between the store's logic and
/// the <see cref="EngineApiClient"/> that implements them (and whose <see cref="IContainerEngine"/> the platform
/// shares with the store).
/// </summary>
/// <remarks>
/// Implementations report failures as <see cref="DaemonException"/>s: <see cref="DaemonUnreachableException"/> when
/// nothing answers on the endpoint, <see cref="DaemonImageNotFoundException"/> where noted, and
/// <see cref="DaemonRequestException"/> when the daemon answers with an error. Cancellation surfaces as
/// <see cref="OperationCanceledException"/>, untranslated, so the caller can tell its own timeout from a failure.
/// </remarks>
public interface IDaemonImageApi : IDisposable
{
    /// <summary>The endpoint this transport talks to, named in errors.</summary>
    DaemonEndpoint Endpoint { get; }

    /// <summary>The daemon's version (<c>GET /version</c>): also the cheapest proof that it answers.</summary>
    Task<DaemonVersion> GetVersionAsync(CancellationToken cancellationToken);

    /// <summary>Inspects an image by name or ID (<c>GET /images/{name}/json</c>); null when the daemon has none.</summary>
    Task<DaemonImageDetails?> TryInspectImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Streams <c>docker save</c> of one image (<c>GET /images/get?names=</c>); throws
    /// <see cref="DaemonImageNotFoundException"/> when the daemon has none. The caller disposes the stream.
    /// </summary>
    Task<Stream> SaveImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a docker-archive to <c>POST /images/load</c>, reading <paramref name="archive"/> as the daemon takes it,
    /// and returns what the daemon said. A refusal the daemon reports inside its answer is in
    /// <see cref="DaemonLoadOutcome.Error"/>; one it reports as an HTTP error is a <see cref="DaemonRequestException"/>.
    /// </summary>
    Task<DaemonLoadOutcome> LoadImageAsync(Stream archive, CancellationToken cancellationToken);

    /// <summary>
    /// Gives <paramref name="image"/> the name <paramref name="repository"/>:<paramref name="tag"/>
    /// (<c>POST /images/{name}/tag</c>), moving the tag if another image has it; throws
    /// <see cref="DaemonImageNotFoundException"/> when the daemon has no such image.
    /// </summary>
    Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken);

    /// <summary>The daemon's top-level images (<c>GET /images/json</c>).</summary>
    Task<IReadOnlyList<DaemonImageSummary>> ListImagesAsync(CancellationToken cancellationToken);
}
