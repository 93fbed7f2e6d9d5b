using System.Net.Sockets;

namespace Buildpacks.Images.Engine;

/// <summary>
/// Unix-socket connections to the daemon, dialled while the process may still open the socket and lent to the HTTP
/// handler afterwards: what a lifecycle phase that starts as root needs before it becomes the build user, who may not
/// open a root-owned socket (a Podman service's is 0600 root). The reference lifecycle does the same with one connection
/// it never closes (<c>priv/docker.go</c>, <c>DockerClient</c>). A few are held here, because the HTTP handler may want
/// a second connection while it drains the answer of the first in the background. A connection the handler gives back
/// clean (an idle connection it let go) is lent again; one that ended, failed or still has unread bytes is closed.
/// When none is free the socket is dialled as usual, which works only where the process may open it.
/// </summary>
internal sealed class HeldConnection : IDisposable
{
    /// <summary>How many connections <see cref="HoldAsync"/> dials.</summary>
    public const int Count = 4;

    private readonly object _gate = new();
    private readonly List<Socket> _free = [];
    private bool _disposed;

    /// <summary>Dials <paramref name="socketPath"/> <see cref="Count"/> times now and keeps the connections.</summary>
    public async Task HoldAsync(string socketPath, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Count; i++)
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
                _free.Add(socket);
            }
        }
    }

    /// <summary>A held connection as a stream for one HTTP connection, or null when none is free.</summary>
    public Stream? TryLend()
    {
        lock (_gate)
        {
            while (_free.Count > 0)
            {
                var socket = _free[^1];
                _free.RemoveAt(_free.Count - 1);

                // Readable with nothing to read: the daemon closed it while it was idle.
                if (socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0)
                {
                    socket.Dispose();
                    continue;
                }

                return new LentStream(this, socket);
            }

            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var socket in _free)
            {
                socket.Dispose();
            }

            _free.Clear();
        }
    }

    private void Return(Socket socket, bool clean)
    {
        lock (_gate)
        {
            if (clean && !_disposed && socket.Available == 0)
            {
                _free.Add(socket);
                return;
            }
        }

        socket.Dispose();
    }

    // The HTTP handler disposes a connection it will not use again; the socket goes back to the pool when nothing went
    // wrong on it, as the reference lifecycle's unclosable connection would be reused.
    private sealed class LentStream(HeldConnection owner, Socket socket) : Stream
    {
        private readonly NetworkStream _inner = new(socket, ownsSocket: false);
        private int _returned;
        private bool _broken;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = Watch(() => _inner.Read(buffer, offset, count));
            _broken |= read == 0 && count > 0;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _broken |= read == 0 && buffer.Length > 0;
                return read;
            }
            catch
            {
                _broken = true;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => Watch(() =>
        {
            _inner.Write(buffer, offset, count);
            return 0;
        });

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _broken = true;
                throw;
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _returned, 1) == 0)
            {
                _inner.Dispose();
                owner.Return(socket, clean: !_broken);
            }

            base.Dispose(disposing);
        }

        private int Watch(Func<int> operation)
        {
            try
            {
                return operation();
            }
            catch
            {
                _broken = true;
                throw;
            }
        }
    }
}
