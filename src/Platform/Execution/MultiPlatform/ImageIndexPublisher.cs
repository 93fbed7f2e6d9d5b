using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.MultiPlatform;

/// <summary>
/// The last step of a multi-platform publish: reads the images the inner publishes wrote (each for its platform) and
/// writes the index over them under the tags. In a registry or layout the images are already where the index goes and
/// nothing but the index moves; for an archive they are copied from the scratch layout into it.
/// </summary>
public static class ImageIndexPublisher
{
    /// <summary>Writes the index of <paramref name="plan"/>'s images.</summary>
    public static async Task<IndexWriteResult> PublishAsync(PlatformImagePlan plan, RegistrySettings registrySettings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(registrySettings);
        using var registry = new RegistryStore(registrySettings);
        var inner = Open(plan.InnerDestination, registry);
        var images = new List<StoredImage>();
        foreach (var image in plan.Images)
        {
            images.Add(await inner.TryReadImageAsync(image.Name, image.Platform, cancellationToken).ConfigureAwait(false)
                ?? throw CodedException.Of(Messages.PlatformImageMissing, image.Name, image.RuntimeIdentifier, inner.Description));
        }

        var destination = Open(plan.Destination, registry);
        return await destination.WriteIndexAsync(new IndexWriteRequest { Tags = plan.Tags, Images = images }, cancellationToken).ConfigureAwait(false);
    }

    private static IImageIndexStore Open(ImageDestination destination, RegistryStore registry) => destination.Kind switch
    {
        ImageDestinationKind.Registry => registry,
        ImageDestinationKind.Layout => new OciLayoutImageStore(destination.Path!),
        ImageDestinationKind.Archive => new ImageArchiveStore(destination.Path!, ImageArchiveFormat.OciArchive),
        _ => throw CodedException.Of(Messages.SeveralPlatformsToDaemon, "(index)"),
    };
}
