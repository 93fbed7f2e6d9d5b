using System.Runtime.InteropServices;
using System.Text;
using Buildpacks.Images.Daemon.Tests.Support;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Tests.Layout;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// The one connection to a daemon, over the transports the resolver hands it: TCP with TLS (the test daemon behind a
/// TLS relay that requires a client certificate, as <c>dockerd --tlsverify</c> does) and a named pipe (which .NET on
/// Linux maps to a unix socket, so the pipe code runs here; Windows' own pipes are not tested here).
/// </summary>
[Collection(DaemonImagesCollection.Name)]
public sealed class DaemonConnectionTests : DaemonTestBase
{
    private readonly TestCertificates _certificates = TestCertificates.Create("bp-test-daemon");

    public override async Task DisposeAsync()
    {
        _certificates.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task DOCKER_TLS_VERIFY_reaches_a_TLS_daemon_verified_by_ca_pem_presenting_cert_pem()
    {
        await using var proxy = TlsDaemonProxy.Start(RequiredServices.DockerSocket, _certificates);
        _certificates.WriteClientFiles(Temp.Combine("certs"));
        var endpoint = DaemonEndpoint.Resolve(Inputs() with { DockerHost = $"tcp://127.0.0.1:{proxy.Port}", DockerTlsVerify = "1", DockerCertPath = Temp.Combine("certs") });
        using var client = new EngineApiClient(endpoint);

        var version = await client.GetVersionAsync(default);

        Assert.Equal((await DockerTestCli.RunAsync("version", "--format", "{{.Server.Version}}")).Trim(), version.Version);
        Assert.True(proxy.ClientCertificates > 0);
    }

    [Fact]
    public async Task A_container_runs_attached_over_TLS()
    {
        var busybox = UniqueName("tls-busybox");
        await Store.WriteImageAsync(TestImages.Busybox(Temp.Combine("busybox"), busybox), default);
        await using var proxy = TlsDaemonProxy.Start(RequiredServices.DockerSocket, _certificates);
        _certificates.WriteClientFiles(Temp.Combine("certs"));
        using var client = new EngineApiClient(DaemonEndpoint.Resolve(Inputs() with { DockerHost = $"tcp://127.0.0.1:{proxy.Port}", DockerTlsVerify = "1", DockerCertPath = Temp.Combine("certs") }));
        var id = await client.CreateContainerAsync(new ContainerSpec { Image = busybox, Entrypoint = ["/bin/busybox", "echo", "over tls"], NetworkMode = "none" }, default);
        try
        {
            using var output = await client.AttachAsync(id, default);
            await client.StartContainerAsync(id, default);
            var text = new StringBuilder();
            var buffer = new byte[256];
            while (await output.ReadAsync(buffer, default) is { IsEnd: false } chunk)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, chunk.Count));
            }

            Assert.Equal("over tls\n", text.ToString());
            Assert.Equal(0, await client.WaitContainerAsync(id, default));
        }
        finally
        {
            await client.RemoveContainerAsync(id, default);
        }
    }

    [Fact]
    public async Task A_daemon_certificate_of_another_CA_is_refused_unless_verification_is_off()
    {
        await using var proxy = TlsDaemonProxy.Start(RequiredServices.DockerSocket, _certificates);
        using var stranger = TestCertificates.Create("bp-test-stranger");
        _certificates.WriteClientFiles(Temp.Combine("certs"), trust: stranger);
        using var verifying = new EngineApiClient(DaemonEndpoint.Resolve(Inputs() with { DockerHost = $"tcp://127.0.0.1:{proxy.Port}", DockerTlsVerify = "1", DockerCertPath = Temp.Combine("certs") }));
        using var trusting = new EngineApiClient(DaemonEndpoint.Resolve(Inputs() with { DockerHost = $"tcp://127.0.0.1:{proxy.Port}", DockerTls = "1", DockerCertPath = Temp.Combine("certs") }));

        var error = await Assert.ThrowsAsync<DaemonUnreachableException>(() => verifying.GetVersionAsync(default));
        var version = await trusting.GetVersionAsync(default);

        Assert.Contains($"tcp://127.0.0.1:{proxy.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("(endpoint from DOCKER_HOST)", error.Message, StringComparison.Ordinal);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
        Assert.False(string.IsNullOrEmpty(version.Version));
    }

    [Fact]
    public void TLS_files_that_are_not_PEM_are_refused_naming_the_endpoint_and_its_source()
    {
        Temp.WriteFile("bad/cert.pem", "not a certificate");
        Temp.WriteFile("bad/key.pem", "not a key");

        var error = Assert.Throws<DaemonException>(() => new EngineApiClient(DaemonEndpoint.Resolve(Inputs() with { DockerHost = "tcp://127.0.0.1:2376", DockerTlsVerify = "1", DockerCertPath = Temp.Combine("bad") })));

        Assert.Contains("tcp://127.0.0.1:2376 (from DOCKER_HOST)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_pipe_endpoint_dials_the_pipe()
    {
        // .NET on Linux and macOS dials the pipe "name" as the unix socket <temp>/CoreFxPipe_name.
        var pipe = $"bp-test-{Guid.NewGuid():N}";
        var socket = Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + pipe);
        File.CreateSymbolicLink(socket, RequiredServices.DockerSocket);
        try
        {
            var endpoint = DaemonEndpoint.Parse($"npipe:////./pipe/{pipe}", "test");
            using var client = new EngineApiClient(endpoint);

            var version = await client.GetVersionAsync(default);

            Assert.Equal(DaemonEndpointKind.NamedPipe, endpoint.Kind);
            Assert.Equal($"npipe:////./pipe/{pipe}", endpoint.ToString());
            Assert.Equal((await DockerTestCli.RunAsync("version", "--format", "{{.Server.Version}}")).Trim(), version.Version);
        }
        finally
        {
            File.Delete(socket);
        }
    }

    private DaemonEndpointInputs Inputs() => new() { ConfigDirectory = Temp.Combine("docker-config"), Os = OSPlatform.Linux };
}
