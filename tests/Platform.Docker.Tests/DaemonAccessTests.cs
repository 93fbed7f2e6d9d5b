using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Buildpacks.Images.Engine;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// What the phases that reach the daemon get, from the endpoint the platform resolves (the docker CLI's order: explicit
/// host, DOCKER_HOST, the docker context, the default) on each OS, for the hosts .NET teams use and this machine cannot
/// run: Docker Desktop (macOS, Windows, Linux), Colima, Podman machine, named pipes, TLS. A daemon in a VM has its own
/// /var/run/docker.sock, which is what the build must bind (as pack and Spring Boot do), not the socket forwarded to
/// this host; a daemon on this machine (Docker Engine, rootless Docker, Podman) has the socket this process dials.
/// </summary>
public sealed class DaemonAccessTests : IDisposable
{
    private readonly TempDirectory _config = new("docker-config");

    public void Dispose() => _config.Dispose();

    [Fact]
    public void Docker_Desktop_on_macOS_binds_the_VMs_socket_not_the_one_in_the_users_home()
    {
        UseContext("desktop-linux", "unix:///Users/me/.docker/run/docker.sock");

        var access = AccessFor(Inputs(OSPlatform.OSX), daemonOnThisMachine: false);

        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], access.Binds);
        Assert.Empty(access.Environment);
    }

    [Fact]
    public void Docker_Desktop_on_Windows_reached_over_its_named_pipe_binds_the_VMs_socket()
    {
        var viaDefault = AccessFor(Inputs(OSPlatform.Windows), daemonOnThisMachine: false);
        UseContext("desktop-linux", "npipe:////./pipe/dockerDesktopLinuxEngine");
        var viaContext = AccessFor(Inputs(OSPlatform.Windows), daemonOnThisMachine: false);

        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], viaDefault.Binds);
        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], viaContext.Binds);
    }

    [Fact]
    public void Colima_and_Podman_machine_bind_the_VMs_socket()
    {
        UseContext("colima", "unix:///Users/me/.colima/default/docker.sock");
        var colima = AccessFor(Inputs(OSPlatform.OSX), daemonOnThisMachine: false);

        // podman machine: DOCKER_HOST is the forwarded API socket; in the VM, /run/docker.sock links to Podman's socket
        // (podman pkg/machine/ignition: podman-docker.conf).
        var podmanMachine = AccessFor(Inputs(OSPlatform.OSX) with { DockerHost = "unix:///var/folders/x1/T/podman/podman-machine-default-api.sock" }, daemonOnThisMachine: false);

        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], colima.Binds);
        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], podmanMachine.Binds);
    }

    [Fact]
    public void A_daemon_on_this_Linux_machine_binds_the_socket_this_process_dials()
    {
        var docker = AccessFor(Inputs(OSPlatform.Linux), daemonOnThisMachine: true);
        var podman = AccessFor(Inputs(OSPlatform.Linux) with { DockerHost = "unix:///run/user/1000/podman/podman.sock" }, daemonOnThisMachine: true);
        var rootless = AccessFor(Inputs(OSPlatform.Linux) with { DockerHost = "unix:///run/user/1000/docker.sock" }, daemonOnThisMachine: true);

        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], docker.Binds);
        Assert.Equal(["/run/user/1000/podman/podman.sock:/var/run/docker.sock"], podman.Binds);
        Assert.Equal(["/run/user/1000/docker.sock:/var/run/docker.sock"], rootless.Binds);
    }

    [Fact]
    public void A_TCP_daemon_at_a_loopback_address_on_another_machine_gets_that_machines_socket_and_on_this_one_its_address()
    {
        // An SSH tunnel (ssh -L 2375:/var/run/docker.sock host) or Docker Desktop's "expose daemon on localhost:2375":
        // inside the daemon's machine, localhost:2375 is not the daemon. pack binds /var/run/docker.sock.
        var tunnel = AccessFor(Inputs(OSPlatform.Linux) with { DockerHost = "tcp://localhost:2375" }, daemonOnThisMachine: false);
        var desktop = AccessFor(Inputs(OSPlatform.Windows) with { DockerHost = "tcp://127.0.0.1:2375" }, daemonOnThisMachine: false);
        var here = AccessFor(Inputs(OSPlatform.Linux) with { DockerHost = "tcp://127.0.0.1:2375" }, daemonOnThisMachine: true);
        var remote = AccessFor(Inputs(OSPlatform.Linux) with { DockerHost = "tcp://build-host.example:2375" }, daemonOnThisMachine: false);

        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], tunnel.Binds);
        Assert.Empty(tunnel.Environment);
        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], desktop.Binds);
        Assert.Equal(["DOCKER_HOST=tcp://127.0.0.1:2375"], here.Environment);
        Assert.Empty(here.Binds);
        Assert.Equal(["DOCKER_HOST=tcp://build-host.example:2375"], remote.Environment);
    }

    [Fact]
    public void Docker_Desktop_on_Linux_runs_the_daemon_in_a_VM_too()
    {
        UseContext("desktop-linux", "unix:///home/me/.docker/desktop/docker.sock");

        var access = AccessFor(Inputs(OSPlatform.Linux), daemonOnThisMachine: false);

        Assert.Equal(["/var/run/docker.sock:/var/run/docker.sock"], access.Binds);
    }

    [Fact]
    public void BuildpackDockerSocket_names_the_socket_when_the_guess_is_wrong()
    {
        UseContext("colima", "unix:///Users/me/.colima/default/docker.sock");
        var endpoint = DaemonEndpoint.Resolve(Inputs(OSPlatform.OSX));

        var access = DaemonAccess.For(endpoint, OSPlatform.OSX, daemonOnThisMachine: false, socket: "unix:///run/user/501/docker.sock");

        Assert.Equal(["/run/user/501/docker.sock:/var/run/docker.sock"], access.Binds);
        Assert.Contains("BuildpackDockerSocket", access.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_TCP_daemon_is_DOCKER_HOST_and_nothing_is_bound()
    {
        var access = AccessFor(Inputs(OSPlatform.Linux) with { DockerHost = "tcp://10.0.0.5:2375" }, daemonOnThisMachine: false);

        Assert.Empty(access.Binds);
        Assert.Equal(["DOCKER_HOST=tcp://10.0.0.5:2375"], access.Environment);
        Assert.Null(access.Files);
    }

    [Fact]
    public async Task A_TLS_daemon_gives_the_phases_its_certificates_and_both_lifecycles_TLS_variables()
    {
        var certs = _config.Combine("certs");
        foreach (var file in new[] { "ca.pem", "cert.pem", "key.pem" })
        {
            _config.WriteFile($"certs/{file}", $"-----{file}-----\n");
        }

        var access = AccessFor(Inputs(OSPlatform.Linux) with { DockerHost = "tcp://10.0.0.5:2376", DockerTlsVerify = "1", DockerCertPath = certs }, daemonOnThisMachine: false);

        Assert.Empty(access.Binds);
        Assert.Equal(["DOCKER_HOST=tcp://10.0.0.5:2376", "DOCKER_TLS=1", $"DOCKER_CERT_PATH={DaemonAccess.TlsDirectory}", "DOCKER_TLS_VERIFY=1"], access.Environment);
        await using var archive = await access.Files!(CancellationToken.None);
        var entries = new Dictionary<string, (UnixFileMode Mode, string Text)>();
        using (var reader = new TarReader(archive))
        {
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                var text = entry.DataStream is null ? "" : await new StreamReader(entry.DataStream).ReadToEndAsync();
                entries[entry.Name.TrimEnd('/')] = (entry.Mode, text);
            }
        }

        Assert.Equal("-----key.pem-----\n", entries["cnb/daemon-tls/key.pem"].Text);
        Assert.Equal((UnixFileMode)0x100, entries["cnb/daemon-tls/key.pem"].Mode);
        Assert.Equal(["cnb", "cnb/daemon-tls", "cnb/daemon-tls/ca.pem", "cnb/daemon-tls/cert.pem", "cnb/daemon-tls/key.pem"], entries.Keys.Order(StringComparer.Ordinal));
    }

    private DaemonAccess AccessFor(DaemonEndpointInputs inputs, bool daemonOnThisMachine) =>
        DaemonAccess.For(DaemonEndpoint.Resolve(inputs), inputs.Os, daemonOnThisMachine, socket: null);

    private DaemonEndpointInputs Inputs(OSPlatform os) => new() { ConfigDirectory = _config.Path, Os = os };

    private void UseContext(string name, string host)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();
        _config.WriteFile("config.json", $"{{\"currentContext\": \"{name}\"}}");
        _config.WriteFile($"contexts/meta/{hash}/meta.json", $"{{\"Name\":\"{name}\",\"Endpoints\":{{\"docker\":{{\"Host\":\"{host}\",\"SkipTLSVerify\":false}}}}}}");
    }
}
