using System.IO.Pipes;
using System.Net.Sockets;

namespace Buildpacks.Images.Engine;

/// <summary>
/// An <see cref="HttpClient"/> that reaches a <see cref="DaemonEndpoint"/>: a unix socket or a named pipe through a
/// <see cref="SocketsHttpHandler.ConnectCallback"/> that ignores the request's host and dials the endpoint, a TCP
/// address over plain HTTP, or over TLS with the endpoint's CA and client certificate. Uses no reflection, so the
/// NativeAOT lifecycle's daemon export and the platform share it.
/// </summary>
internal static class DaemonConnection
{
    // A named pipe that does not exist is waited for, not refused: how long before it counts as absent.
    private static readonly TimeSpan PipeConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Opens a client for <paramref name="endpoint"/>; nothing is dialled until the first request. A unix socket's
    /// connections come from <paramref name="held"/> while it holds one that is not in use.
    /// </summary>
    /// <exception cref="DaemonException">The endpoint's TLS files cannot be read.</exception>
    public static HttpClient Open(DaemonEndpoint endpoint, HeldConnection? held = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = new SocketsHttpHandler
        {
            // Daemon traffic must never go through a proxy from the environment.
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        Uri baseAddress;
        try
        {
            switch (endpoint.Kind)
            {
                case DaemonEndpointKind.UnixSocket:
                    var socketPath = endpoint.Address;
                    handler.ConnectCallback = (_, cancellationToken) => held?.TryLend() is { } lent ? ValueTask.FromResult(lent) : ConnectUnixAsync(socketPath, cancellationToken);

                    // The daemon ignores the host of a request on its socket or pipe; this one only makes a valid request line.
                    baseAddress = new Uri("http://localhost/");
                    break;
                case DaemonEndpointKind.NamedPipe:
                    var (server, pipe) = (endpoint.PipeServer ?? ".", endpoint.Address);
                    handler.ConnectCallback = (_, cancellationToken) => ConnectPipeAsync(server, pipe, cancellationToken);
                    baseAddress = new Uri("http://localhost/");
                    break;
                default:
                    if (endpoint.Tls is { } tls)
                    {
                        handler.SslOptions = DaemonTlsOptions.Create(tls, endpoint);
                    }

                    baseAddress = new UriBuilder(endpoint.Tls is null ? Uri.UriSchemeHttp : Uri.UriSchemeHttps, endpoint.Address, endpoint.Port).Uri;
                    break;
            }
        }
        catch
        {
            handler.Dispose();
            throw;
        }

        // No client-wide timeout: loads, saves, pulls and phase containers take as long as they take; callers bound
        // the short requests themselves.
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectUnixAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException ex) when (!File.Exists(socketPath))
        {
            // .NET reports a missing socket file as "Cannot assign requested address", which misleads.
            socket.Dispose();
            throw new IOException("the socket file does not exist", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Runs on Windows against Docker's pipe. (.NET on Linux and macOS maps a pipe to a unix socket named
    // CoreFxPipe_<name> in the temporary directory, which is how the tests reach this code here.)
    private static async ValueTask<Stream> ConnectPipeAsync(string server, string pipe, CancellationToken cancellationToken)
    {
        var stream = new NamedPipeClientStream(server, pipe, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await stream.ConnectAsync((int)PipeConnectTimeout.TotalMilliseconds, cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch (TimeoutException ex)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"no pipe server answered within {PipeConnectTimeout.TotalSeconds:0} s", ex);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
