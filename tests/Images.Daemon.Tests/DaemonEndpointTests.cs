using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Buildpacks.Images.Engine;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// The one endpoint resolver, in the docker CLI's order: explicit host, DOCKER_HOST (with its TLS variables), the
/// current docker context (with its TLS files), the platform's default. Over explicit inputs: no test touches the
/// process environment or the real ~/.docker.
/// </summary>
public sealed class DaemonEndpointTests : IDisposable
{
    private readonly TempDirectory _config = new("docker-config");

    public void Dispose() => _config.Dispose();

    [Fact]
    public void An_explicit_host_wins()
    {
        var endpoint = DaemonEndpoint.Resolve(Inputs() with { ExplicitHost = "unix:///run/podman/podman.sock", ExplicitHostName = "BuildpackDockerHost", DockerHost = "unix:///env.sock" });

        Assert.Equal("unix:///run/podman/podman.sock", endpoint.ToString());
        Assert.Equal("/run/podman/podman.sock", endpoint.UnixSocketPath);
        Assert.Equal("BuildpackDockerHost", endpoint.Source);
    }

    [Fact]
    public void The_order_is_explicit_host_then_DOCKER_HOST_then_the_current_context_then_the_default_socket()
    {
        _config.WriteFile("config.json", "{\"currentContext\": \"colima\"}");
        WriteContext("colima", "{\"Name\":\"colima\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///home/me/.colima/docker.sock\"}}}");

        Assert.Equal("BuildpackDockerHost", DaemonEndpoint.Resolve(Inputs() with { ExplicitHost = "tcp://127.0.0.1:2375", ExplicitHostName = "BuildpackDockerHost", DockerHost = "unix:///env.sock" }).Source);
        var fromEnvironment = DaemonEndpoint.Resolve(Inputs() with { DockerHost = "unix:///env.sock" });
        Assert.Equal(("DOCKER_HOST", "unix:///env.sock"), (fromEnvironment.Source, fromEnvironment.ToString()));
        var fromContext = DaemonEndpoint.Resolve(Inputs());
        Assert.Equal("unix:///home/me/.colima/docker.sock", fromContext.ToString());
        Assert.Contains("colima", fromContext.Source, StringComparison.Ordinal);
        Assert.Equal(DaemonEndpoint.DefaultUnixSocket, DaemonEndpoint.Resolve(Inputs() with { DockerContext = "default" }).ToString());
        Assert.Equal(DaemonEndpoint.DefaultUnixSocket, DaemonEndpoint.Resolve(Inputs() with { ConfigDirectory = _config.Combine("missing") }).ToString());
    }

    [Fact]
    public void DOCKER_CONTEXT_names_the_context_instead_of_the_config_and_a_missing_one_falls_back_saying_so()
    {
        _config.WriteFile("config.json", "{\"currentContext\": \"colima\"}");
        WriteContext("remote", "{\"Name\":\"remote\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://10.1.2.3:2375\"}}}");

        var named = DaemonEndpoint.Resolve(Inputs() with { DockerContext = "remote" });
        var missing = DaemonEndpoint.Resolve(Inputs() with { DockerContext = "gone" });

        Assert.Equal(("tcp://10.1.2.3:2375", DaemonEndpointKind.Tcp, (DaemonTls?)null), (named.ToString(), named.Kind, named.Tls));
        Assert.Equal(DaemonEndpoint.DefaultUnixSocket, missing.ToString());
        Assert.Contains("docker context 'gone' not found", missing.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_that_is_not_an_endpoint_is_refused()
    {
        var error = Assert.Throws<DaemonException>(() => DaemonEndpoint.Resolve(Inputs() with { ExplicitHost = "ssh://me@host" }));
        Assert.Throws<DaemonException>(() => DaemonEndpoint.Resolve(Inputs() with { DockerHost = "ftp://nowhere" }));
        Assert.Throws<DaemonException>(() => DaemonEndpoint.Parse("unix://", "test"));
        Assert.Throws<DaemonException>(() => DaemonEndpoint.Parse("npipe:////./docker_engine", "test"));

        Assert.Contains("ssh://me@host", error.Message, StringComparison.Ordinal);
        Assert.Equal("unix:///var/run/docker.sock", DaemonEndpoint.Resolve(Inputs() with { ExplicitHost = "/var/run/docker.sock" }).ToString());
        Assert.Equal("unix:///run/podman/podman.sock", DaemonEndpoint.Resolve(Inputs() with { ExplicitHost = "/run/podman/podman.sock" }).ToString());
    }

    [Fact]
    public void Tcp_hosts_keep_their_port_or_get_the_clis_default_and_print_as_the_cli_writes_them()
    {
        var plain = DaemonEndpoint.Parse("tcp://127.0.0.1:2375/", "test");
        var noPort = DaemonEndpoint.Parse("tcp://docker.example", "test");
        var tlsNoPort = DaemonEndpoint.Parse("tcp://docker.example", "test", new DaemonTls());
        var https = DaemonEndpoint.Parse("https://docker.example:9999", "test");
        var v6 = DaemonEndpoint.Parse("tcp://[::1]:2375", "test");

        Assert.Equal(("127.0.0.1", 2375, "tcp://127.0.0.1:2375"), (plain.Address, plain.Port, plain.ToString()));
        Assert.Equal(2375, noPort.Port);
        Assert.Equal(2376, tlsNoPort.Port);
        Assert.Equal((9999, true), (https.Port, https.Tls is { Verify: true }));
        Assert.Equal("tcp://[::1]:2375", v6.ToString());
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_turns_on_verified_TLS_with_the_files_of_DOCKER_CERT_PATH()
    {
        var certs = _config.Combine("certs");
        foreach (var name in new[] { "ca.pem", "cert.pem", "key.pem" })
        {
            _config.WriteFile($"certs/{name}", "not read by the resolver");
        }

        var endpoint = DaemonEndpoint.Resolve(Inputs() with { DockerHost = "tcp://10.0.0.5:2376", DockerTlsVerify = "1", DockerCertPath = certs });

        Assert.Equal(DaemonEndpointKind.Tcp, endpoint.Kind);
        var tls = Assert.IsType<DaemonTls>(endpoint.Tls);
        Assert.True(tls.Verify);
        Assert.Equal(Path.Combine(certs, "ca.pem"), tls.CaCertificateFile);
        Assert.Equal(Path.Combine(certs, "cert.pem"), tls.CertificateFile);
        Assert.Equal(Path.Combine(certs, "key.pem"), tls.KeyFile);
    }

    [Fact]
    public void DOCKER_TLS_alone_is_TLS_without_verification_from_the_config_directory_and_no_variable_is_plain_HTTP()
    {
        _config.WriteFile("ca.pem", "x");

        var unverified = DaemonEndpoint.Resolve(Inputs() with { DockerHost = "tcp://10.0.0.5:2376", DockerTls = "1" });
        var plain = DaemonEndpoint.Resolve(Inputs() with { DockerHost = "tcp://10.0.0.5:2375" });
        var socket = DaemonEndpoint.Resolve(Inputs() with { DockerHost = "unix:///var/run/docker.sock", DockerTlsVerify = "1" });

        Assert.Equal((false, _config.Combine("ca.pem"), (string?)null), (unverified.Tls!.Verify, unverified.Tls.CaCertificateFile, unverified.Tls.CertificateFile));
        Assert.Null(plain.Tls);
        Assert.Null(socket.Tls);
    }

    [Fact]
    public void A_context_with_TLS_files_is_verified_TLS_unless_it_skips_verification()
    {
        _config.WriteFile("config.json", "{\"currentContext\": \"secure\"}");
        WriteContext("secure", "{\"Name\":\"secure\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://10.0.0.7:2376\",\"SkipTLSVerify\":false}}}");
        WriteContextTls("secure", "ca.pem", "cert.pem", "key.pem");
        WriteContext("lax", "{\"Name\":\"lax\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://10.0.0.8:2376\",\"SkipTLSVerify\":true}}}");

        var secure = DaemonEndpoint.Resolve(Inputs());
        var lax = DaemonEndpoint.Resolve(Inputs() with { DockerContext = "lax" });

        var tls = Assert.IsType<DaemonTls>(secure.Tls);
        Assert.True(tls.Verify);
        Assert.EndsWith(Path.Combine("docker", "ca.pem"), tls.CaCertificateFile, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("docker", "cert.pem"), tls.CertificateFile, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("docker", "key.pem"), tls.KeyFile, StringComparison.Ordinal);
        Assert.Equal((false, (string?)null), (lax.Tls!.Verify, lax.Tls.CaCertificateFile));
    }

    [Fact]
    public void The_default_is_the_named_pipe_on_Windows_and_the_socket_on_macOS_and_Linux()
    {
        var windows = DaemonEndpoint.Resolve(Inputs() with { Os = OSPlatform.Windows });
        var macOs = DaemonEndpoint.Resolve(Inputs() with { Os = OSPlatform.OSX });
        var linux = DaemonEndpoint.Resolve(Inputs() with { Os = OSPlatform.Linux });

        Assert.Equal((DaemonEndpointKind.NamedPipe, ".", "docker_engine"), (windows.Kind, windows.PipeServer, windows.Address));
        Assert.Equal(DaemonEndpoint.DefaultNamedPipe, windows.ToString());
        Assert.Equal("the default named pipe", windows.Source);
        Assert.Equal(DaemonEndpoint.DefaultUnixSocket, macOs.ToString());
        Assert.Equal(DaemonEndpoint.DefaultUnixSocket, linux.ToString());
        Assert.Equal("the default socket", linux.Source);
    }

    [Fact]
    public void The_endpoint_comes_from_the_option_else_docker_host_else_the_default_socket()
    {
        // The process's own environment, as the product reads it (this machine has no docker context).
        Assert.Equal("unix:///run/podman/podman.sock", DaemonEndpoint.Resolve("/run/podman/podman.sock").ToString());
        Assert.Equal("unix:///tmp/d.sock", DaemonEndpoint.Resolve("unix:///tmp/d.sock").ToString());
        Assert.Throws<DaemonException>(() => DaemonEndpoint.Resolve("ftp://nowhere"));
        var fromEnvironment = DaemonEndpoint.Resolve();
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Assert.Equal(string.IsNullOrEmpty(dockerHost) ? DaemonEndpoint.DefaultUnixSocket : dockerHost, fromEnvironment.ToString());
    }

    private DaemonEndpointInputs Inputs() => new() { ConfigDirectory = _config.Path, Os = OSPlatform.Linux };

    private static string Hash(string context) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(context))).ToLowerInvariant();

    private void WriteContext(string name, string meta) => _config.WriteFile($"contexts/meta/{Hash(name)}/meta.json", meta);

    private void WriteContextTls(string name, params string[] files)
    {
        foreach (var file in files)
        {
            _config.WriteFile($"contexts/tls/{Hash(name)}/docker/{file}", "x");
        }
    }
}
