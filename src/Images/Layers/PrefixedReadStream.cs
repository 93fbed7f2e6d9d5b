namespace Buildpacks.Images.Layers;

/// <summary>
/// A read-only stream that first returns bytes already read from <paramref name="inner"/> (to sniff its format), then
/// the rest of <paramref name="inner"/>: lets a non-seekable layer stream be inspected without buffering it. With a
/// <paramref name="length"/> (prefix included) it never reads past it: a tar entry's data stream throws when read at
/// its end.
/// </summary>
internal sealed class PrefixedReadStream(byte[] prefix, int prefixLength, Stream inner, bool leaveOpen, long? length = null) : Stream
{
    private int _prefixPosition;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        buffer = buffer[..Allowed(buffer.Length)];
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var n = _prefixPosition < prefixLength ? TakePrefix(buffer) : inner.Read(buffer);
        _position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        buffer = buffer[..Allowed(buffer.Length)];
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var n = _prefixPosition < prefixLength ? TakePrefix(buffer.Span) : await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Allowed(int wanted) => length is { } total ? (int)Math.Min(wanted, Math.Max(0, total - _position)) : wanted;

    private int TakePrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, prefixLength - _prefixPosition);
        prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
        _prefixPosition += n;
        return n;
    }
}
