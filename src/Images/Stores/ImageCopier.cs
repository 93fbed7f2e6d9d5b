using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores;

/// <summary>
/// Copies an image from one store to another through <see cref="IImageStore"/> alone: the source's manifest media
/// type, config and layer blobs are reused as they are, so the manifest digest survives wherever the destination
/// keeps manifests (registry, layout, archive) and the image ID (config digest) survives everywhere.
/// </summary>
public static class ImageCopier
{
    /// <summary>
    /// Copies the image <paramref name="from"/> names in <paramref name="source"/> (for <paramref name="platform"/>) to
    /// <paramref name="destination"/> under every name in <paramref name="to"/>. Layers the destination already has
    /// are not copied (the destination decides, e.g. by digest or by the layers' origin).
    /// </summary>
    public static async Task<ImageWriteResult> CopyAsync(
        IImageStore source,
        ImageReference from,
        IImageStore destination,
        IReadOnlyList<ImageReference> to,
        ImagePlatform platform,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(to);
        var image = await source.TryReadImageAsync(from, platform, cancellationToken).ConfigureAwait(false)
            ?? throw new ImageException($"{source.Description} has no image {from} for platform {platform}; check the name and the platform.");

        var request = ImageWriteRequest.CopyOf(image, to);
        return await destination.WriteImageAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
