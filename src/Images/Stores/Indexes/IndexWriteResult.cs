using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores.Indexes;

/// <summary>What writing an index did.</summary>
public sealed record IndexWriteResult
{
    /// <summary>The names written.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>The index's descriptor: its digest is the multi-platform image's digest.</summary>
    public required Descriptor Index { get; init; }

    /// <summary>The index's entries, one per platform.</summary>
    public required IReadOnlyList<Descriptor> Manifests { get; init; }

    /// <summary>Blobs and manifests moved to make the images present in the destination (the index itself not counted).</summary>
    public TransferStatistics Statistics { get; init; } = new();
}
