namespace Buildpacks.Images.Pipes;

/// <summary>
/// A stream whose bytes a producer writes, on a thread of its own, into a <see cref="StreamPipe"/> as the reader takes
/// them: a layer gunzipped while it is extracted, an app's tar sent to a daemon while it is written. A reader may take
/// a tar that ends early for a whole one, so the producer's failure is what disposing the stream throws: the caller
/// disposes it before it uses what it read. A producer that fails because the reader went away first (the reader's own
/// failure, or a tar whose end came before its blob's) has not failed.
/// </summary>
public sealed class ProducedStream : Stream
{
    private readonly StreamPipe _pipe = new();
    private readonly Task _producer;
    private volatile bool _readerDone;
    private bool _disposed;

    private ProducedStream(Func<Stream, CancellationToken, Task> produce, CancellationToken cancellationToken) =>
        _producer = Task.Run(() => ProduceAsync(produce, cancellationToken), CancellationToken.None);

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Starts <paramref name="produce"/> writing into the stream it is given (ended when it returns).</summary>
    public static ProducedStream Start(Func<Stream, CancellationToken, Task> produce, CancellationToken cancellationToken) => new(produce, cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => _pipe.Reader.Read(buffer, offset, count);

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _pipe.Reader.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _pipe.Reader.ReadAsync(buffer, cancellationToken);

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

    /// <summary>Ends the reading side and rethrows what the producer met, unless the reader went away first.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (!StopReading())
        {
            return;
        }

        await _pipe.Reader.DisposeAsync().ConfigureAwait(false);
        await _producer.ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc cref="DisposeAsync"/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && StopReading())
        {
            _pipe.Reader.Dispose();
            _producer.GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    // True the first time: from then on a producer's failure is the reader's leaving, not its own.
    private bool StopReading()
    {
        if (_disposed)
        {
            return false;
        }

        _disposed = true;
        _readerDone = true;
        return true;
    }

    private async Task ProduceAsync(Func<Stream, CancellationToken, Task> produce, CancellationToken cancellationToken)
    {
        try
        {
            // Ending the writer is the reader's end of file: after the whole content, or, after a failure, a short read
            // that the failure rethrown on disposal overrides.
            await using (_pipe.Writer.ConfigureAwait(false))
            {
                await produce(_pipe.Writer, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is PipeReaderGoneException || _readerDone)
        {
            // The reader stopped first (it failed, or was cancelled): nothing is waiting for these bytes.
        }
    }
}
