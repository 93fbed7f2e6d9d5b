using Buildpacks.Images.Layers;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// Writes an image archive entry by entry straight to a stream, with fixed time, root ownership and fixed modes, so
/// the same entries give the same bytes. Headers come from <see cref="TarHeaderEncoder"/>, the encoder our layers
/// use (Go archive/tar's bytes, which docker load and skopeo read). Unlike <see cref="System.Formats.Tar.TarWriter"/>,
/// an entry's content is streamed from a non-seekable source whose size is known up front (a layer's descriptor
/// says it), never buffered.
/// </summary>
internal sealed class TarStreamWriter
{
    private const long DirectoryMode = 0b111_101_101;
    private const long FileMode = 0b110_100_100;

    // 1980-01-01T00:00:01Z, the time our layers carry too (zip-safe, and what other reproducible tools use).
    private static readonly long FixedTime = new DateTimeOffset(1980, 1, 1, 0, 0, 1, TimeSpan.Zero).ToUnixTimeSeconds();
    private readonly Stream _output;

    public TarStreamWriter(Stream output) => _output = output;

    /// <summary>Content bytes written so far (headers and padding not counted).</summary>
    public long ContentBytes { get; private set; }

    public Task WriteDirectoryAsync(string name, CancellationToken cancellationToken) =>
        WriteHeaderAsync(name.EndsWith('/') ? name : name + "/", TarHeader.Directory, DirectoryMode, 0, cancellationToken);

    public async Task WriteFileAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await WriteHeaderAsync(name, TarHeader.RegularFile, FileMode, content.Length, cancellationToken).ConfigureAwait(false);
        await _output.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        ContentBytes += content.Length;
        await PadAsync(content.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a file entry of exactly <paramref name="size"/> bytes from <paramref name="content"/>; throws when the
    /// content is shorter or longer, since the header already promised the size.
    /// </summary>
    public async Task WriteFileAsync(string name, long size, Stream content, CancellationToken cancellationToken)
    {
        await WriteHeaderAsync(name, TarHeader.RegularFile, FileMode, size, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[81920];
        var remaining = size;
        while (remaining > 0)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ImageFormatException($"The content of archive entry {name} ended after {size - remaining} of the {size} bytes its descriptor declares.");
            }

            await _output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
            ContentBytes += read;
        }

        // Reading on to the end lets a verifying stream check the digest, and catches content longer than declared.
        if (await content.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new ImageFormatException($"The content of archive entry {name} is longer than the {size} bytes its descriptor declares.");
        }

        await PadAsync(size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the archive with the two zero blocks tar readers expect.</summary>
    public Task FinishAsync(CancellationToken cancellationToken) =>
        _output.WriteAsync(new byte[TarHeaderEncoder.BlockSize * 2], cancellationToken).AsTask();

    // Owned by root (uid and gid 0, no names), as our layers' entries are.
    private Task WriteHeaderAsync(string name, byte type, long mode, long size, CancellationToken cancellationToken) =>
        _output.WriteAsync(TarHeaderEncoder.Encode(new TarHeader(name, type, mode, 0, 0, size, FixedTime, "")), cancellationToken).AsTask();

    private Task PadAsync(long size, CancellationToken cancellationToken)
    {
        var padding = (int)(TarHeaderEncoder.Padded(size) - size);
        return padding == 0 ? Task.CompletedTask : _output.WriteAsync(new byte[padding], cancellationToken).AsTask();
    }
}
