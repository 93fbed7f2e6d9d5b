using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores.Indexes;

/// <summary>An image index read from a store: its descriptor, its exact bytes and the parsed index.</summary>
public sealed class StoredIndex
{
    /// <summary>The reference the index was read by.</summary>
    public required ImageReference Reference { get; init; }

    /// <summary>The store it was read from; its images are read through it by digest.</summary>
    public required IImageIndexStore Store { get; init; }

    /// <summary>The index's descriptor (its digest is what <c>name@digest</c> pulls).</summary>
    public required Descriptor Descriptor { get; init; }

    /// <summary>The parsed index.</summary>
    public required ImageIndex Index { get; init; }

    /// <summary>
    /// The entries that are images of a platform, in index order: attestations and other artifacts left out, among them
    /// BuildKit's attestation manifests, listed for platform <c>unknown/unknown</c> with a
    /// <c>vnd.docker.reference.type</c> annotation.
    /// </summary>
    public IReadOnlyList<Descriptor> PlatformManifests =>
        Index.Manifests.Where(m => m.Platform is { } platform && MediaTypes.IsManifest(m.MediaType)
            && platform.Os != "unknown" && platform.Architecture != "unknown"
            && m.Annotations?.ContainsKey("vnd.docker.reference.type") != true).ToList();

    /// <summary>
    /// Reads the image of one entry: the index's name resolved for that entry's platform (a layout names only its top
    /// entries, so a nested manifest is found through its index, never by its digest alone).
    /// </summary>
    public async Task<StoredImage> ReadImageAsync(Descriptor entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var platform = entry.Platform ?? throw new ArgumentException($"The index entry {entry.Digest} names no platform.", nameof(entry));
        var image = await Store.TryReadImageAsync(Reference.Digest is null ? Reference : Reference.WithDigest(Descriptor.Digest), platform, cancellationToken).ConfigureAwait(false);
        return image is not null && image.Digest == entry.Digest
            ? image
            : throw new ImageFormatException($"The index {Reference} lists {entry.Digest} for {platform}, but {Store.Description} gives {(image is null ? "no image" : image.Digest.ToString())} for that platform.");
    }
}
