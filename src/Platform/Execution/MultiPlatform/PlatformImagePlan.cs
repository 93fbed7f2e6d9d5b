using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.MultiPlatform;

/// <summary>
/// How a multi-platform publish (<c>BuildpackRuntimeIdentifiers</c>) goes, decided before any inner publish runs: one
/// image per RID, named <c>&lt;tag&gt;-&lt;rid&gt;</c> as the SDK names its inner images, written where the index can list
/// it (the registry or the OCI layout the index goes to; for an archive, a scratch layout the archive is then made
/// from), and the index under the image's tags. The daemon holds one platform per name, so it is refused (BP1083).
/// </summary>
public sealed record PlatformImagePlan
{
    /// <summary>The images, one per RID, in the order the RIDs were given (the index lists them so).</summary>
    public required IReadOnlyList<PlatformImage> Images { get; init; }

    /// <summary>Where the inner images are written: the registry, the destination layout or a scratch layout.</summary>
    public required ImageDestination InnerDestination { get; init; }

    /// <summary>Where the index goes, with the image's tags.</summary>
    public required ImageDestination Destination { get; init; }

    /// <summary>The names of the index: the image and its extra tags.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>
    /// Plans the images of <paramref name="runtimeIdentifiers"/> for an index under <paramref name="tags"/> at
    /// <paramref name="destination"/>; <paramref name="scratchLayout"/> holds the inner images of an archive.
    /// </summary>
    public static PlatformImagePlan For(IReadOnlyList<string> runtimeIdentifiers, IReadOnlyList<ImageReference> tags, ImageDestination destination, string scratchLayout)
    {
        ArgumentNullException.ThrowIfNull(runtimeIdentifiers);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Kind == ImageDestinationKind.Daemon)
        {
            throw CodedException.Of(Messages.SeveralPlatformsToDaemon, string.Join(";", runtimeIdentifiers));
        }

        var images = new List<PlatformImage>();
        foreach (var rid in runtimeIdentifiers.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var mapped = RuntimeIdentifierPlatform.TryParse(rid) ?? throw CodedException.Of(Messages.RuntimeIdentifierWithoutPlatform, rid);
            if (images.FirstOrDefault(i => i.Platform == mapped.Platform) is { } same)
            {
                throw CodedException.Of(Messages.RuntimeIdentifiersSamePlatform, same.RuntimeIdentifier, rid, mapped.Platform);
            }

            images.Add(new PlatformImage(rid, mapped.Platform, RuntimeIdentifierPlatform.PlatformImageName(tags[0], rid)));
        }

        return new PlatformImagePlan
        {
            Images = images,
            InnerDestination = destination.Kind == ImageDestinationKind.Archive ? new ImageDestination(ImageDestinationKind.Layout, scratchLayout) : destination,
            Destination = destination,
            Tags = tags,
        };
    }
}

/// <summary>One platform's image of a multi-platform publish.</summary>
/// <param name="RuntimeIdentifier">The RID published for it.</param>
/// <param name="Platform">The image platform.</param>
/// <param name="Name">Its name in the inner destination.</param>
public sealed record PlatformImage(string RuntimeIdentifier, Images.Model.ImagePlatform Platform, ImageReference Name);
