using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>What only the HttpClient transport does: negotiate the API version, dial the socket, name its failures.</summary>
public sealed class EngineApiClientTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("bp-engineapi");

    private static DaemonEndpoint TestDaemon => DaemonEndpoint.Resolve("unix://" + RequiredServices.DockerSocket);

    public Task InitializeAsync() => RequiredServices.RequireDockerAsync();

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_client_that_knows_a_newer_api_than_the_daemon_speaks_the_daemons()
    {
        var daemonApi = EngineApiVersion.TryParse((await DockerTestCli.RunAsync("version", "--format", "{{.Server.APIVersion}}")).Trim())!;
        using var client = new EngineApiClient(TestDaemon, new Version(1, 99));

        var chosen = await client.NegotiateApiVersionAsync(default);

        Assert.Equal(daemonApi, chosen);

        // Had the client sent its own 1.99, the daemon would have refused it as too new.
        Assert.NotNull(await client.ListImagesAsync(default));
    }

    [Fact]
    public async Task A_client_capped_below_the_daemon_speaks_its_cap_and_is_answered()
    {
        using var client = new EngineApiClient(TestDaemon, new Version(1, 30));

        Assert.Equal(new Version(1, 30), await client.NegotiateApiVersionAsync(default));
        Assert.Null(await client.TryInspectImageAsync(DockerTestCli.UniqueRepository("absent") + ":1.0", default));
    }

    [Fact]
    public async Task A_client_capped_below_the_oldest_api_it_can_use_says_so()
    {
        using var client = new EngineApiClient(TestDaemon, new Version(1, 20));

        var error = await Assert.ThrowsAsync<DaemonException>(() => client.GetVersionAsync(default));

        Assert.Contains("1.24", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_file_nobody_listens_on_is_named_with_the_systems_reason()
    {
        // A leftover socket of a daemon that died: the path exists, the connection is refused. .NET removes a socket
        // file when its socket closes, so a second link to it stands for the one a dead daemon leaves.
        var socket = _temp.Combine("stale.sock");
        var listening = _temp.Combine("listening.sock");
        using (var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
        {
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(listening));
            (await ProcessRunner.RunAsync("ln", [listening, socket])).EnsureSuccess("ln");
        }

        using var client = new EngineApiClient(DaemonEndpoint.Resolve(socket));

        var error = await Assert.ThrowsAsync<DaemonUnreachableException>(() => client.NegotiateApiVersionAsync(default));

        Assert.Contains(socket, error.Message, StringComparison.Ordinal);
        var reason = Assert.IsType<System.Net.Sockets.SocketException>(error.InnerException);
        Assert.Contains(reason.Message, error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_path_with_no_file_says_the_file_is_missing()
    {
        var socket = _temp.Combine("absent.sock");
        using var client = new EngineApiClient(DaemonEndpoint.Resolve(socket));

        var error = await Assert.ThrowsAsync<DaemonUnreachableException>(() => client.GetVersionAsync(default));

        Assert.Contains($"{socket}: the socket file does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("Start Docker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_negotiation_is_tried_again_on_the_next_call()
    {
        var socket = _temp.Combine("late.sock");
        using var client = new EngineApiClient(DaemonEndpoint.Resolve(socket));
        await Assert.ThrowsAsync<DaemonUnreachableException>(() => client.NegotiateApiVersionAsync(default));

        // The daemon appears at the path (a symlink to the real socket stands in for a daemon that started late).
        File.CreateSymbolicLink(socket, RequiredServices.DockerSocket);

        Assert.NotNull(await client.GetVersionAsync(default));
    }

    [Fact]
    public async Task An_image_name_that_would_break_the_request_path_is_refused_before_sending()
    {
        using var client = new EngineApiClient(TestDaemon);

        await Assert.ThrowsAsync<ArgumentException>(() => client.TryInspectImageAsync("busybox?all=1", default));
    }
}
