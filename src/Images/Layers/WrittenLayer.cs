using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;

namespace Buildpacks.Images.Layers;

/// <summary>A layer blob written to a file, with the digests and sizes computed while it was written.</summary>
/// <param name="Blob">The blob's descriptor: media type, digest of the file's bytes, size of the file.</param>
/// <param name="DiffId">The sha256 of the uncompressed tar (what the image config's <c>rootfs.diff_ids</c> lists).</param>
/// <param name="UncompressedSize">The size of the uncompressed tar.</param>
/// <param name="Path">The file holding the blob.</param>
public sealed record WrittenLayer(Descriptor Blob, Digest DiffId, long UncompressedSize, string Path)
{
    /// <summary>The layer as part of an image to write, its bytes read from <see cref="Path"/>.</summary>
    public LayerToWrite ToLayerToWrite() => new(Blob, DiffId, new FileLayerContent(Path));
}
