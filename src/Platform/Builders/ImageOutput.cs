using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// The store a builder or package image is written to, opened from an <see cref="ImageDestination"/>. Knows what a
/// failed write may leave behind and removes it: an OCI layout directory this output created. (A registry never gets
/// a tag for an image that failed, an archive is written to a temporary file and renamed, a daemon loads all or
/// nothing.)
/// </summary>
public sealed class ImageOutput : IDisposable
{
    private readonly bool _layoutIsNew;

    private ImageOutput(ImageDestination destination, IImageStore store, bool layoutIsNew)
    {
        Destination = destination;
        Store = store;
        _layoutIsNew = layoutIsNew;
    }

    /// <summary>Where the image goes.</summary>
    public ImageDestination Destination { get; }

    /// <summary>The store written to.</summary>
    public IImageStore Store { get; }

    /// <summary>
    /// The output as a place source images may already be (the daemon or the layout), which the pull policy reads
    /// before (or instead of) the registry; null for a registry or an archive.
    /// </summary>
    public IImageStore? Local => Destination.Kind is ImageDestinationKind.Daemon or ImageDestinationKind.Layout ? Store : null;

    /// <summary>
    /// Opens <paramref name="destination"/>: the registry is <paramref name="registry"/> (shared with the source
    /// reads, so blobs mount across repositories); the daemon is the one of <paramref name="dockerHost"/>
    /// (<see cref="BuildpackDockerHost"/>: null is DOCKER_HOST, the docker context, the default).
    /// </summary>
    public static ImageOutput Open(ImageDestination destination, IImageStore registry, string? dockerHost)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(registry);
        return destination.Kind switch
        {
            ImageDestinationKind.Registry => new ImageOutput(destination, registry, false),
            ImageDestinationKind.Daemon => new ImageOutput(destination, BuildpackDockerHost.OpenStore(dockerHost), false),
            ImageDestinationKind.Layout => new ImageOutput(destination, new OciLayoutImageStore(RequirePath(destination)), !Directory.Exists(RequirePath(destination))),
            _ => new ImageOutput(destination, new ImageArchiveStore(RequirePath(destination)), false),
        };
    }

    /// <summary>Removes what a failed write left: the layout directory, when this output created it.</summary>
    public void Abandon()
    {
        if (_layoutIsNew && Destination.Path is { } path && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Store is DaemonImageStore daemon)
        {
            daemon.Dispose();
        }
    }

    private static string RequirePath(ImageDestination destination) =>
        destination.Path ?? throw new ArgumentException($"A {destination.Kind} destination needs a path.", nameof(destination));
}
