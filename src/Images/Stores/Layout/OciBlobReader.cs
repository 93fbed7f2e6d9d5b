using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores.Layout;

/// <summary>Reads blobs of a layout with their digest verified: small documents into memory, layers as streams.</summary>
internal static class OciBlobReader
{
    // Manifests, indexes and configs are small; a bigger "document" is a corrupt or hostile layout, not an image.
    private const long MaxDocumentSize = 16 * 1024 * 1024;

    /// <summary>Reads a manifest, index or config blob whole and checks it against its descriptor.</summary>
    public static async Task<byte[]> ReadDocumentAsync(IOciBlobSource source, Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (descriptor.Size > MaxDocumentSize)
        {
            throw new ImageFormatException($"The {descriptor.MediaType} {descriptor.Digest} in {source.Description} declares {descriptor.Size} bytes, too large for an image document.");
        }

        await using var stream = await OpenVerifiedAsync(source, descriptor, cancellationToken).ConfigureAwait(false);
        var bytes = new byte[descriptor.Size];
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);

        // Reading to the end makes the verifying stream compare digest and size.
        if (await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new BlobDigestMismatchException(source.Description, descriptor.Digest, $"it is longer than the {descriptor.Size} bytes its descriptor declares");
        }

        return bytes;
    }

    /// <summary>Opens a blob as a stream that throws <see cref="BlobDigestMismatchException"/> at its end when it is corrupt.</summary>
    public static async Task<Stream> OpenVerifiedAsync(IOciBlobSource source, Descriptor descriptor, CancellationToken cancellationToken)
    {
        var stream = await source.TryOpenBlobAsync(descriptor.Digest, cancellationToken).ConfigureAwait(false)
            ?? throw new OciLayoutException($"{source.Description} lacks the blob {descriptor.Digest} ({descriptor.MediaType}); the layout is incomplete. Write the image to it again.");
        return new DigestVerifyingStream(stream, descriptor.Digest, descriptor.Size, source.Description);
    }
}
