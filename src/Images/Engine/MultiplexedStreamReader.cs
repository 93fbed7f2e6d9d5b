using System.Buffers.Binary;

namespace Buildpacks.Images.Engine;

/// <summary>
/// Reads the output of a container without a TTY as the Engine API sends it (attach and logs, "Stream format"): frames
/// of an 8-byte header (the stream in byte 0, three zero bytes, the payload's length as a big-endian uint32) and the
/// payload. Frames may be split across reads of the underlying stream and a payload across calls; a frame's bytes are
/// never mixed with another's.
/// </summary>
public sealed class MultiplexedStreamReader : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly IDisposable? _owner;
    private readonly byte[] _header = new byte[8];
    private ContainerOutputKind _kind;
    private long _remaining;

    /// <summary>A reader of <paramref name="stream"/>; disposing it disposes the stream and <paramref name="owner"/> (e.g. the HTTP response).</summary>
    public MultiplexedStreamReader(Stream stream, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _owner = owner;
    }

    /// <summary>
    /// Reads the next bytes of output into <paramref name="buffer"/>, all from one stream; a chunk of
    /// <see cref="ContainerOutputChunk.Count"/> 0 means the output ended.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not multiplexed (a container with a TTY) or ends inside a frame.</exception>
    public async ValueTask<ContainerOutputChunk> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            throw new ArgumentException("The buffer is empty.", nameof(buffer));
        }

        while (_remaining == 0)
        {
            if (!await ReadHeaderAsync(cancellationToken).ConfigureAwait(false))
            {
                return new ContainerOutputChunk(ContainerOutputKind.Stdout, 0);
            }
        }

        var read = await _stream.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new InvalidDataException($"The container's output ended {_remaining} bytes into a {_kind} frame.");
        }

        _remaining -= read;
        return new ContainerOutputChunk(_kind, read);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        _owner?.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _owner?.Dispose();
    }

    // False at a clean end (no byte of a new header); a header cut short is an error.
    private async ValueTask<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < _header.Length)
        {
            var read = await _stream.ReadAsync(_header.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return filled == 0
                    ? false
                    : throw new InvalidDataException($"The container's output ended {filled} bytes into a frame header.");
            }

            filled += read;
        }

        if (_header[0] > (byte)ContainerOutputKind.SystemError || _header[1] != 0 || _header[2] != 0 || _header[3] != 0)
        {
            throw new InvalidDataException(
                $"The container's output is not a multiplexed stream (a frame header starts {Convert.ToHexString(_header, 0, 4)}); was the container created with a TTY?");
        }

        _kind = (ContainerOutputKind)_header[0];
        _remaining = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        return true;
    }
}
