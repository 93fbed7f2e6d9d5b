using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores.Indexes;

/// <summary>An image index to write: the images it lists (one per platform) and the names to give it.</summary>
public sealed record IndexWriteRequest
{
    /// <summary>The names to write the index under; the first is the primary one. At least one.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>
    /// The images, in the order the index lists them, each with a real manifest (not a daemon's) and a platform of its
    /// own: the index entry's platform is the one its config says.
    /// </summary>
    public required IReadOnlyList<StoredImage> Images { get; init; }

    /// <summary>Index annotations, if any.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
