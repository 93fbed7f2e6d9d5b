using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Buildpacks.Images.Daemon.Tests.Support;

/// <summary>
/// The test daemon behind TLS, as <c>dockerd --tlsverify -H tcp://…</c> serves it: a loopback listener that requires a
/// client certificate of the test CA, terminates TLS and relays the bytes to the daemon's unix socket. Counts the
/// client certificates it accepted.
/// </summary>
internal sealed class TlsDaemonProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _socketPath;
    private readonly TestCertificates _certificates;
    private readonly Task _accepting;
    private int _clientCertificates;

    private TlsDaemonProxy(string socketPath, TestCertificates certificates)
    {
        _socketPath = socketPath;
        _certificates = certificates;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections presented a client certificate of the test CA.</summary>
    public int ClientCertificates => Volatile.Read(ref _clientCertificates);

    public static TlsDaemonProxy Start(string socketPath, TestCertificates certificates) => new(socketPath, certificates);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificates.Server,
                        ClientCertificateRequired = true,
                        RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && _certificates.Issued(certificate),
                    },
                    _stop.Token);
                Interlocked.Increment(ref _clientCertificates);
                using var daemon = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await daemon.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), _stop.Token);
                await using var upstream = new NetworkStream(daemon, ownsSocket: false);

                // Whichever side closes first ends the relay (the daemon closes a hijacked attach when the container ends).
                await Task.WhenAny(tls.CopyToAsync(upstream, _stop.Token), upstream.CopyToAsync(tls, _stop.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // A refused handshake (the test of a wrong CA) or a closed connection: nothing to relay.
            }
        }
    }
}
