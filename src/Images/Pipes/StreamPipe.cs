using System.Threading.Channels;

namespace Buildpacks.Images.Pipes;

/// <summary>
/// An in-process pipe: what is written to <see cref="Writer"/> is read from <see cref="Reader"/>, with at most a few
/// chunks in flight. Lets an archive be generated while the daemon reads it, never held whole in memory.
/// </summary>
internal sealed class StreamPipe
{
    private readonly Channel<byte[]> _chunks = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(8)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public StreamPipe()
    {
        Writer = new PipeWriterStream(_chunks.Writer);
        Reader = new PipeReaderStream(_chunks);
    }

    /// <summary>The writing end; disposing it ends the reader's stream.</summary>
    public Stream Writer { get; }

    /// <summary>The reading end; disposing it makes further writes fail, so a writer never waits for a reader that left.</summary>
    public Stream Reader { get; }

    private sealed class PipeWriterStream(ChannelWriter<byte[]> chunks) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return;
            }

            try
            {
                // The caller reuses its buffer, so the chunk is a copy.
                await chunks.WriteAsync(buffer.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException ex)
            {
                throw new PipeReaderGoneException(ex);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            chunks.TryComplete();
            base.Dispose(disposing);
        }
    }

    private sealed class PipeReaderStream(Channel<byte[]> chunks) : Stream
    {
        private byte[] _current = [];
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_offset == _current.Length)
            {
                if (!await chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }

                if (chunks.Reader.TryRead(out var next))
                {
                    _current = next;
                    _offset = 0;
                }
            }

            var n = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsMemory(_offset, n).CopyTo(buffer);
            _offset += n;
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
            // Completing from the reading side makes a blocked or later write fail instead of waiting forever.
            chunks.Writer.TryComplete();
            while (chunks.Reader.TryRead(out _))
            {
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>A write to a <see cref="StreamPipe"/> whose reader has gone: a consequence, never the cause, of a failed load.</summary>
internal sealed class PipeReaderGoneException(Exception innerException)
    : IOException("The reader of the pipe has gone (the daemon stopped reading the image).", innerException);
