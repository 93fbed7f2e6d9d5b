using System.Text;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>
/// Writes a ustar archive entry by entry straight to a stream, with fixed time, root ownership and fixed modes, so
/// the same entries give the same bytes. Unlike <see cref="System.Formats.Tar.TarWriter"/>, an entry's content is
/// streamed from a non-seekable source whose size is known up front (a layer's descriptor says it), never
/// buffered.
/// </summary>
internal sealed class TarStreamWriter
{
    private const int BlockSize = 512;

    // 1980-01-01T00:00:01Z, the time our layers carry too (zip-safe, and what other reproducible tools use).
    private static readonly long FixedTime = new DateTimeOffset(1980, 1, 1, 0, 0, 1, TimeSpan.Zero).ToUnixTimeSeconds();
    private readonly Stream _output;
    private readonly byte[] _header = new byte[BlockSize];

    public TarStreamWriter(Stream output) => _output = output;

    /// <summary>Content bytes written so far (headers and padding not counted).</summary>
    public long ContentBytes { get; private set; }

    public Task WriteDirectoryAsync(string name, CancellationToken cancellationToken) =>
        WriteHeaderAsync(name.EndsWith('/') ? name : name + "/", 0, (byte)'5', 0b111_101_101, cancellationToken);

    public async Task WriteFileAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await WriteHeaderAsync(name, content.Length, (byte)'0', 0b110_100_100, cancellationToken).ConfigureAwait(false);
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
        await WriteHeaderAsync(name, size, (byte)'0', 0b110_100_100, cancellationToken).ConfigureAwait(false);
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
        _output.WriteAsync(new byte[BlockSize * 2], cancellationToken).AsTask();

    private async Task WriteHeaderAsync(string name, long size, byte type, int mode, CancellationToken cancellationToken)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        if (nameBytes.Length > 100)
        {
            // Our archives only hold short, fixed names (blobs/sha256/<hex>, manifest.json…).
            throw new ArgumentException($"Archive entry name '{name}' is longer than ustar's 100 bytes.", nameof(name));
        }

        Array.Clear(_header);
        nameBytes.CopyTo(_header, 0);
        WriteOctal(100, 8, mode);
        WriteOctal(108, 8, 0);
        WriteOctal(116, 8, 0);
        WriteSize(size);
        WriteOctal(136, 12, FixedTime);
        _header[156] = type;
        Encoding.ASCII.GetBytes("ustar\0").CopyTo(_header, 257);
        Encoding.ASCII.GetBytes("00").CopyTo(_header, 263);
        Encoding.ASCII.GetBytes("root").CopyTo(_header, 265);
        Encoding.ASCII.GetBytes("root").CopyTo(_header, 297);

        // The checksum is computed with its own field as spaces, then written as six octal digits, NUL, space.
        Array.Fill(_header, (byte)' ', 148, 8);
        var checksum = _header.Sum(b => (long)b);
        WriteOctal(148, 7, checksum);
        _header[155] = (byte)' ';
        await _output.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
    }

    private void WriteSize(long size)
    {
        if (size < 8L * 1024 * 1024 * 1024)
        {
            WriteOctal(124, 12, size);
            return;
        }

        // GNU/star base-256 encoding for entries of 8 GiB and more (Go and GNU tar read it).
        _header[124] = 0x80;
        for (var i = 0; i < 8; i++)
        {
            _header[135 - i] = (byte)(size >> (8 * i));
        }
    }

    private void WriteOctal(int offset, int length, long value)
    {
        // length-1 digits, zero-padded, then NUL.
        var digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(digits).CopyTo(_header, offset);
        _header[offset + length - 1] = 0;
    }

    private Task PadAsync(long size, CancellationToken cancellationToken)
    {
        var padding = (int)((BlockSize - (size % BlockSize)) % BlockSize);
        return padding == 0 ? Task.CompletedTask : _output.WriteAsync(new byte[padding], cancellationToken).AsTask();
    }
}
