using System.Net.Sockets;

namespace Buildpacks.Images.Engine;

/// <summary>
/// One unix-socket connection to the daemon, dialled while the process may still open the socket and lent to every
/// later request: what a lifecycle phase that starts as root needs before it becomes the build user, who may not open
/// a root-owned socket (a Podman service's is 0600 root). The reference lifecycle does the same
/// (<c>priv/docker.go</c>, <c>DockerClient</c>: a connection that is never closed, dialled before dropping privileges).
/// The connection serves one request at a time: a second request while it is lent dials the socket as usual, which
/// works only where the process may open it; the lifecycle's daemon calls are sequential.
/// </summary>
internal sealed class HeldConnection : IDisposable
{
    private readonly object _gate = new();
    private Socket? _socket;
    private bool _lent;

    /// <summary>Whether a connection is held.</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _socket is not null;
            }
        }
    }

    /// <summary>Dials <paramref name="socketPath"/> now and keeps the connection.</summary>
    public async Task HoldAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        lock (_gate)
        {
            _socket?.Dispose();
            _socket = socket;
            _lent = false;
        }
    }

    /// <summary>The held connection as a stream for one HTTP connection, or null when none is held or it is lent.</summary>
    public Stream? TryLend()
    {
        lock (_gate)
        {
            if (_socket is null || _lent)
            {
                return null;
            }

            _lent = true;
            return new LentStream(this, new NetworkStream(_socket, ownsSocket: false));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }

    private void Return()
    {
        lock (_gate)
        {
            _lent = false;
        }
    }

    // The HTTP handler disposes a connection it will not reuse (idle, or at the client's end): the socket stays open for
    // the next one, as the reference lifecycle's unclosable connection does.
    private sealed class LentStream(HeldConnection owner, NetworkStream inner) : Stream
    {
        private int _returned;

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _returned, 1) == 0)
            {
                inner.Dispose();
                owner.Return();
            }

            base.Dispose(disposing);
        }
    }
}
