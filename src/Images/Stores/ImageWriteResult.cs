using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores;

/// <summary>What writing an image did: its digests and how many bytes actually moved.</summary>
public sealed record ImageWriteResult
{
    /// <summary>The names written.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>The manifest digest (what <c>name@digest</c> pulls).</summary>
    public required Digest ManifestDigest { get; init; }

    /// <summary>The config digest (the image ID a daemon shows).</summary>
    public required Digest ImageId { get; init; }

    /// <summary>The manifest size in bytes.</summary>
    public long ManifestSize { get; init; }

    /// <summary>Statistics of the transfer.</summary>
    public TransferStatistics Statistics { get; init; } = new();
}

/// <summary>How a write treated its blobs: copied, mounted, or skipped as already present.</summary>
public sealed record TransferStatistics
{
    /// <summary>Blobs (layers and config) whose bytes were copied to the destination.</summary>
    public int BlobsCopied { get; init; }

    /// <summary>Bytes of blob content copied to the destination.</summary>
    public long BytesCopied { get; init; }

    /// <summary>Blobs a registry mounted from another repository.</summary>
    public int BlobsMounted { get; init; }

    /// <summary>Blobs the destination already had.</summary>
    public int BlobsSkipped { get; init; }
}
