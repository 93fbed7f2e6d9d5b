namespace Buildpacks.Images.Layers;

/// <summary>
/// Sits between <see cref="System.IO.Compression.GZipStream"/> and the file and pins the two host-dependent fields of
/// the 10-byte gzip header (RFC 1952 §2.3): MTIME to 0 and OS to 3 (Unix). .NET's zlib writes OS=3 on Unix but a
/// different code on Windows, so without this the same layer built on Windows and Linux would differ in one byte,
/// hence in digest. (The deflate data itself depends on the runtime's zlib; the diff ID never does.)
/// </summary>
internal sealed class GzipHeaderNormalizingStream(Stream inner, bool leaveOpen) : Stream
{
    private const int HeaderLength = 10;
    private const byte UnixOperatingSystem = 3;
    private readonly byte[] _header = new byte[HeaderLength];
    private long _position;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var (start, headerPart) = TakeHeader(buffer);
        if (headerPart > 0)
        {
            inner.Write(_header.AsSpan(start, headerPart));
        }

        _position += buffer.Length - headerPart;
        inner.Write(buffer[headerPart..]);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var (start, headerPart) = TakeHeader(buffer.Span);
        if (headerPart > 0)
        {
            await inner.WriteAsync(_header.AsMemory(start, headerPart), cancellationToken).ConfigureAwait(false);
        }

        _position += buffer.Length - headerPart;
        await inner.WriteAsync(buffer[headerPart..], cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!leaveOpen)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Copies the header bytes of <paramref name="buffer"/> (rather than patching in place: the buffer belongs to
    /// GZipStream) and normalizes them; returns where they start in the header and how many there were.
    /// </summary>
    private (int Start, int Count) TakeHeader(ReadOnlySpan<byte> buffer)
    {
        if (_position >= HeaderLength || buffer.IsEmpty)
        {
            return (0, 0);
        }

        var start = (int)_position;
        var count = Math.Min(HeaderLength - start, buffer.Length);
        buffer[..count].CopyTo(_header.AsSpan(start));
        Normalize(start, start + count);
        _position += count;
        return (start, count);
    }

    private void Normalize(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            _header[i] = i switch
            {
                0 or 1 or 2 when _header[i] != "\x1f\x8b\x08"[i] =>
                    throw new InvalidOperationException("The compressor did not write a gzip header with deflate."),
                >= 4 and <= 7 => 0,
                9 => UnixOperatingSystem,
                _ => _header[i],
            };
        }
    }
}
