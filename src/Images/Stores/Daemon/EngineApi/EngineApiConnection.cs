using System.Net.Sockets;

namespace Buildpacks.Images.Stores.Daemon.EngineApi;

/// <summary>
/// An HttpClient that reaches the daemon: over its unix socket (a <see cref="SocketsHttpHandler.ConnectCallback"/>
/// that ignores the request's host and dials the socket), or plain HTTP for <c>tcp://</c>. Uses no reflection, so it
/// stays NativeAOT-safe, unlike Docker.DotNet.
/// </summary>
internal static class EngineApiConnection
{
    public static HttpClient Open(DaemonEndpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            // Daemon traffic is local by nature; a proxy from the environment must never see it.
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        Uri baseAddress;
        switch (endpoint.Uri.Scheme)
        {
            case "unix":
                var socketPath = endpoint.Uri.LocalPath;
                handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(socketPath, cancellationToken);

                // The daemon ignores the host of a request on its socket; this one only makes a valid request line.
                baseAddress = new Uri("http://localhost/");
                break;
            case "tcp" or "http":
                baseAddress = new UriBuilder(Uri.UriSchemeHttp, endpoint.Uri.Host, endpoint.Uri.Port).Uri;
                break;
            default:
                handler.Dispose();
                throw new DaemonException(
                    $"The daemon endpoint {endpoint} is a named pipe, which this client does not dial: use a unix:// or tcp:// endpoint, or the Docker.DotNet transport (Buildpacks.Images.Daemon).");
        }

        // No client-wide timeout: loads and saves of big images take as long as they take; callers bound the short
        // requests themselves (DaemonImageStoreOptions.RequestTimeout).
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
}
