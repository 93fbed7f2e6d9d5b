using System.Security.Cryptography;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores;

/// <summary>
/// A read-only stream that hashes what passes through it and, at end of stream, throws
/// <see cref="BlobDigestMismatchException"/> unless the bytes match the expected digest (and size, when known).
/// Lets every store verify a blob while streaming it, without buffering it.
/// </summary>
public sealed class DigestVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly long? _expectedSize;
    private readonly string _source;
    private readonly IncrementalHash _hash;
    private long _read;
    private bool _verified;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="source"/> names where the blob came from for errors.</summary>
    public DigestVerifyingStream(Stream inner, Digest expected, long? expectedSize, string source)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _source = source;
        _hash = expected.CreateHasher();
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _expectedSize ?? throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0; // a zero-byte request says nothing about the end of the blob (see Account)
        }

        var n = _inner.Read(buffer);
        return Account(buffer[..n]);
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0; // a zero-byte request says nothing about the end of the blob (see Account)
        }

        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    // Called only for non-empty requests: System.Formats.Tar asks for zero bytes at the end of each entry's content
    // (its sub-stream forwards the empty request), and taking that 0 for the end of the blob verified a half-read layer.
    private int Account(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length > 0)
        {
            _hash.AppendData(chunk);
            _read += chunk.Length;
            if (_expectedSize is { } max && _read > max)
            {
                throw new BlobDigestMismatchException(_source, _expected, $"it is longer than the {max} bytes its descriptor declares");
            }

            return chunk.Length;
        }

        if (!_verified)
        {
            _verified = true;
            var actual = Digest.Parse($"{_expected.Algorithm}:{Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant()}");
            if (actual != _expected)
            {
                throw new BlobDigestMismatchException(_source, _expected, actual);
            }

            if (_expectedSize is { } size && _read != size)
            {
                throw new BlobDigestMismatchException(_source, _expected, $"it has {_read} bytes where its descriptor declares {size}");
            }
        }

        return 0;
    }
}
