using System.Net.Sockets;
using Buildpacks.Images.Engine;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>The one liveness probe: whether a daemon answers its ping in time, and if not, why in a few words.</summary>
public sealed class DaemonProbeTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("bp-probe");

    public Task InitializeAsync() => RequiredServices.RequireDockerAsync();

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_test_daemon_answers_and_the_client_then_knows_its_api_version()
    {
        using var client = new EngineApiClient(DaemonEndpoint.Parse("unix://" + RequiredServices.DockerSocket, "test"));

        var probe = await DaemonProbe.ProbeAsync(client, TimeSpan.FromSeconds(10), default);

        Assert.True(probe.HasAnswered);
        Assert.Null(probe.Failure);
        Assert.NotNull(await client.NegotiateApiVersionAsync(default));
    }

    [Fact]
    public async Task A_socket_path_with_no_file_does_not_answer_because_the_file_is_missing()
    {
        var probe = await DaemonProbe.ProbeAsync(DaemonEndpoint.Parse("unix://" + _temp.Combine("absent.sock"), "test"), TimeSpan.FromSeconds(10), default);

        Assert.False(probe.HasAnswered);
        Assert.Equal("the socket file does not exist", probe.Failure);
        Assert.IsType<DaemonUnreachableException>(probe.Error);
    }

    [Fact]
    public async Task A_socket_that_accepts_but_never_answers_does_not_answer_within_the_timeout()
    {
        using var silent = SilentSocket(out var path);

        var probe = await DaemonProbe.ProbeAsync(DaemonEndpoint.Parse("unix://" + path, "test"), TimeSpan.FromMilliseconds(500), default);

        Assert.False(probe.HasAnswered);
        Assert.Equal("no answer within 0.5 s", probe.Failure);
    }

    [Fact]
    public async Task A_tcp_port_nobody_listens_on_does_not_answer_with_the_systems_reason()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var probe = await DaemonProbe.ProbeAsync(DaemonEndpoint.Parse($"tcp://127.0.0.1:{port}", "test"), TimeSpan.FromSeconds(10), default);

        Assert.False(probe.HasAnswered);
        Assert.Contains("refused", probe.Failure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_not_a_failure_of_the_daemon()
    {
        using var silent = SilentSocket(out var path);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DaemonProbe.ProbeAsync(DaemonEndpoint.Parse("unix://" + path, "test"), TimeSpan.FromSeconds(30), cancel.Token));
    }

    // A socket whose kernel accepts connections that nobody ever answers: a daemon that hangs.
    private Socket SilentSocket(out string path)
    {
        path = _temp.Combine("silent.sock");
        var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silent.Bind(new UnixDomainSocketEndPoint(path));
        silent.Listen();
        return silent;
    }
}
