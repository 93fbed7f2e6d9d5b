using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Buildpacks.Platform.Docker.Tests.Support;

/// <summary>
/// A unix socket that relays every connection to the daemon's socket byte for byte (so attach's upgraded streams pass
/// too) and records the request lines it sees going to the daemon (<c>POST /v1.41/images/create?… HTTP/1.1</c>): what
/// the platform asked of the daemon, for tests of query parameters the daemon's answers do not show. Bound in a temporary
/// directory; disposing stops it and removes the socket.
/// </summary>
public sealed partial class EngineRequestRecorder : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly List<Task> _relays = [];
    private readonly string _directory;
    private readonly string _daemonSocket;
    private readonly Task _accepting;

    /// <summary>Starts relaying to <paramref name="daemonSocket"/>.</summary>
    public EngineRequestRecorder(string daemonSocket)
    {
        _daemonSocket = daemonSocket;
        _directory = Directory.CreateTempSubdirectory("engine-recorder-").FullName;
        SocketPath = Path.Combine(_directory, "docker.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    /// <summary>The relay's socket.</summary>
    public string SocketPath { get; }

    /// <summary>The request lines seen so far, in order: method, path with query, protocol.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        Task[] relays;
        lock (_relays)
        {
            relays = [.. _relays];
        }

        await Task.WhenAll(relays).ConfigureAwait(false);
        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_relays)
            {
                _relays.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await daemon.ConnectAsync(new UnixDomainSocketEndPoint(_daemonSocket), _stop.Token).ConfigureAwait(false);
                using var clientStream = new NetworkStream(client, ownsSocket: false);
                using var daemonStream = new NetworkStream(daemon, ownsSocket: false);
                var up = PumpAsync(clientStream, daemonStream, record: true, daemon);
                var down = PumpAsync(daemonStream, clientStream, record: false, client);
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // A side went away: the other follows.
            }
        }
    }

    // Copies until the source ends, then half-closes the destination so the other side sees the end too.
    private async Task PumpAsync(Stream source, Stream destination, bool record, Socket destinationSocket)
    {
        var buffer = new byte[64 * 1024];
        var line = new StringBuilder();
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
            {
                if (record)
                {
                    Scan(buffer.AsSpan(0, read), line);
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), _stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            try
            {
                destinationSocket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }

    // A request line ends a line of its own, but on a kept-alive connection it may follow the previous request's body
    // (JSON without a newline) on the same line; bodies (JSON, tar) hold nothing else that looks like one.
    private void Scan(ReadOnlySpan<byte> bytes, StringBuilder line)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                if (RequestLine().Match(line.ToString().TrimEnd('\r')) is { Success: true } match)
                {
                    _requests.Enqueue(match.Value);
                }

                line.Clear();
            }
            else if (line.Length < 4096)
            {
                line.Append((char)b);
            }
        }
    }

    [GeneratedRegex(@"(GET|POST|PUT|DELETE|HEAD) /\S+ HTTP/1\.[01]$")]
    private static partial Regex RequestLine();
}
