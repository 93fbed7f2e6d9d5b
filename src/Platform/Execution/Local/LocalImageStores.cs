using Buildpacks.Images.Model;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Where a Local build reads and writes images: the registry (one store for the build, so a read blob is not read
/// twice), the daemon (probed once, and only when the build needs it: a builder only it has, the daemon destination),
/// an OCI layout or an archive.
/// </summary>
/// <param name="request">The build.</param>
/// <param name="options">Stores the caller provides (a registry store, a builder store) and the daemon probe's timeout.</param>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class LocalImageStores(BuildRequest request, LocalExecutionOptions options) : IDisposable
{
    private readonly RegistryStore? _ownedRegistry = options.Registry is null ? new RegistryStore(request.RegistrySettings()) : null;
    private readonly DaemonHolder _daemon = new(request.DockerHost, options.DaemonProbeTimeout);

    /// <summary>The registry store.</summary>
    public RegistryStore Registry => options.Registry ?? _ownedRegistry!;

    /// <summary>The builder, from <see cref="LocalExecutionOptions.BuilderStore"/>, else its registry, else the daemon.</summary>
    /// <exception cref="CodedException">BP2001 when it is nowhere, BP2002 when it is not a builder.</exception>
    public async Task<Builder> ReadBuilderAsync(ImagePlatform platform, IBuildLog log, CancellationToken cancellationToken)
    {
        var store = options.BuilderStore ?? Registry;
        var image = await store.TryReadImageAsync(request.Builder, platform, cancellationToken).ConfigureAwait(false);
        var lookedIn = store.Description;
        if (image is null && options.BuilderStore is null && await _daemon.GetAsync(cancellationToken).ConfigureAwait(false) is { } daemonStore)
        {
            log.Progress($"The builder {request.Builder} is not in its registry; reading it from the daemon");
            image = await daemonStore.TryReadImageAsync(request.Builder, platform, cancellationToken).ConfigureAwait(false);
            lookedIn += " and " + daemonStore.Description;
        }

        if (image is null)
        {
            throw CodedException.Of(Messages.BuilderNotFound, request.Builder, lookedIn);
        }

        // A single-platform builder is read whatever platform was asked: its config says whether it fits, before any work.
        if (request.Platform is { } wanted && !wanted.Matches(image.Config.Platform))
        {
            throw CodedException.Of(Messages.PlatformNotInImage, $"The builder {request.Builder}", wanted, $"it is for {image.Config.Platform} in {lookedIn}");
        }

        try
        {
            return await BuilderReader.ReadAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException e)
        {
            throw CodedException.Because(e, Messages.InvalidBuilder, request.Builder, e.Message);
        }
    }

    /// <summary>The store the image goes to.</summary>
    /// <exception cref="CodedException">BP8004 when it is the daemon and none answers.</exception>
    public async Task<IImageStore> OpenDestinationAsync(CancellationToken cancellationToken)
    {
        switch (request.Destination.Kind)
        {
            case ImageDestinationKind.Registry:
                return Registry;
            case ImageDestinationKind.Layout:
                return new OciLayoutImageStore(RequirePath(request.Destination));
            case ImageDestinationKind.Archive:
                return new ImageArchiveStore(RequirePath(request.Destination));
            default:
                return await _daemon.GetAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw CodedException.Of(Messages.LocalDaemonUnreachable, _daemon.Endpoint, _daemon.Failure + Container.DaemonSocketsNearby.Hint(_daemon.Endpoint));
        }
    }

    private static string RequirePath(ImageDestination destination) =>
        destination.Path ?? throw new ArgumentException($"The {destination.Kind} destination has no path.", nameof(destination));

    // The run image comes from its registry, but for the daemon destination from the daemon when it has it there.
    public async Task<IImageStore> RunImageStoreAsync(Images.References.ImageReference runImage, IImageStore destination, CancellationToken cancellationToken)
    {
        if (destination is not DaemonImageStore daemonStore)
        {
            return Registry;
        }

        var found = await daemonStore.TryReadImageAsync(runImage, request.Platform ?? ImagePlatform.Current, cancellationToken).ConfigureAwait(false);
        return found is not null ? daemonStore : Registry;
    }

    /// <summary>
    /// The run image as <paramref name="store"/> has it, read before anything is written, so that a missing one is its
    /// own error (BP2008) and not the analyzer's.
    /// </summary>
    public async Task<ResolvedImage> RequireRunImageAsync(Images.References.ImageReference runImage, IImageStore store, ImagePlatform platform, CancellationToken cancellationToken)
    {
        var image = await store.TryReadImageAsync(runImage, platform, cancellationToken).ConfigureAwait(false)
            ?? throw CodedException.Of(Messages.RunImageNotFound, runImage, store.Description);
        return Used(image);
    }

    /// <summary>
    /// An image as the up-to-date check records it: a registry image by the digest its name resolves to (an index's for
    /// a multi-platform image), a daemon's by its ID.
    /// </summary>
    public static ResolvedImage Used(StoredImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Store is DaemonImageStore
            ? new ResolvedImage(image.Reference.ToString(), ImageOrigin.Daemon, image.ImageId.ToString())
            : new ResolvedImage(image.Reference.ToString(), ImageOrigin.Registry, (image.IndexDigest ?? image.Digest).ToString());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _daemon.Dispose();
        _ownedRegistry?.Dispose();
    }

    /// <summary>The daemon, probed once and only when a build needs it.</summary>
    private sealed class DaemonHolder(string? dockerHost, TimeSpan timeout) : IDisposable
    {
        private bool _probed;
        private DaemonImageStore? _store;

        public string Endpoint { get; private set; } = BuildpackDockerHost.Describe(dockerHost);

        public string Failure { get; private set; } = "not tried";

        public async Task<DaemonImageStore?> GetAsync(CancellationToken cancellationToken)
        {
            if (!_probed)
            {
                _probed = true;
                var (store, endpoint, failure) = await LocalDaemon.TryConnectAsync(dockerHost, timeout, cancellationToken).ConfigureAwait(false);
                (_store, Endpoint, Failure) = (store, endpoint, failure ?? string.Empty);
            }

            return _store;
        }

        public void Dispose() => _store?.Dispose();
    }
}
