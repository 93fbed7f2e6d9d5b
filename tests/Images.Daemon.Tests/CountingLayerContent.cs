using Buildpacks.Images.Stores;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>Layer content that counts the bytes read from it: shows which layers a write actually sent.</summary>
internal sealed class CountingLayerContent(ILayerContent inner) : ILayerContent
{
    private long _bytesRead;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public int Opened { get; private set; }

    public StoredImage? Origin => inner.Origin;

    public async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        Opened++;
        return new CountingStream(await inner.OpenAsync(cancellationToken), n => Interlocked.Add(ref _bytesRead, n));
    }

    private sealed class CountingStream(Stream inner, Action<int> count) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count1)
        {
            var n = inner.Read(buffer, offset, count1);
            count(n);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            count(n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count1) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
