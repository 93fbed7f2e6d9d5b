using System.Runtime.InteropServices;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Layers;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// How the lifecycle phases that export to the daemon (or read from it) reach it from inside their container: the
/// daemon's socket bound at <c>/var/run/docker.sock</c>, where the lifecycle looks by default, or <c>DOCKER_HOST</c>
/// (with the TLS files copied in). The socket to bind is the one on the machine the daemon runs on, which is not
/// always the one this process dials: Docker Desktop (macOS, Windows, Linux), Colima, Podman machine, Rancher Desktop
/// and OrbStack run the daemon in a VM and forward a socket (or a named pipe) to the host, while the VM has its own
/// <c>/var/run/docker.sock</c> (Podman machine links it to its Podman socket). pack and Spring Boot bind
/// <c>/var/run/docker.sock</c> unless told otherwise; this platform binds the socket it dials only when the daemon runs
/// on this very machine (Docker Engine, rootless Docker, Podman on Linux), and <see cref="BuildRequest.DockerSocket"/>
/// names the socket when neither guess is right.
/// </summary>
/// <param name="Binds">Mounts, <c>source:target</c>.</param>
/// <param name="Environment">Variables, <c>NAME=value</c>.</param>
/// <param name="Files">A tar of files to copy to <c>/</c> (the TLS files), or null.</param>
/// <param name="Description">What the phases get, for the build log.</param>
internal sealed record DaemonAccess(IReadOnlyList<string> Binds, IReadOnlyList<string> Environment, Func<CancellationToken, Task<Stream>>? Files, string Description)
{
    /// <summary>Where the lifecycle looks for the daemon when <c>DOCKER_HOST</c> is unset.</summary>
    public const string ContainerSocket = "/var/run/docker.sock";

    /// <summary>Where the TLS files of a TCP daemon are copied in the phases' containers (<c>DOCKER_CERT_PATH</c>).</summary>
    public const string TlsDirectory = "/cnb/daemon-tls";

    /// <summary>
    /// The access for a daemon reached at <paramref name="endpoint"/> from a host running <paramref name="hostOs"/>.
    /// </summary>
    /// <param name="endpoint">The daemon endpoint this process uses.</param>
    /// <param name="hostOs">This machine's operating system.</param>
    /// <param name="daemonOnThisMachine">Whether the daemon runs on this machine (its name is this machine's), not in a VM or elsewhere.</param>
    /// <param name="socket">The socket to bind, as the daemon's machine sees it (<c>BuildpackDockerSocket</c>); null to decide.</param>
    public static DaemonAccess For(DaemonEndpoint endpoint, OSPlatform hostOs, bool daemonOnThisMachine, string? socket)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!string.IsNullOrWhiteSpace(socket))
        {
            var path = socket.Trim();
            path = path.StartsWith("unix://", StringComparison.Ordinal) ? path["unix://".Length..] : path;
            return Bind(path, $"{path} (BuildpackDockerSocket)");
        }

        switch (endpoint.Kind)
        {
            case DaemonEndpointKind.UnixSocket when hostOs == OSPlatform.Linux && daemonOnThisMachine:
                return Bind(endpoint.Address, $"{endpoint.Address}, the socket of the daemon on this machine");
            case DaemonEndpointKind.UnixSocket:
            case DaemonEndpointKind.NamedPipe:
                // The daemon runs in a VM (or on another machine through a forwarded socket): its own default socket.
                return Bind(ContainerSocket, $"{ContainerSocket} of the daemon's machine ({endpoint} is forwarded from it; set BuildpackDockerSocket if the daemon's socket is elsewhere)");
            case DaemonEndpointKind.Tcp when IsLoopbackTcp(endpoint) && !daemonOnThisMachine:
                // A loopback address reaching another machine (an SSH tunnel, Docker Desktop's "expose on localhost:2375")
                // names something else inside that machine's containers: its own socket, as pack binds it.
                return Bind(ContainerSocket, $"{ContainerSocket} of the daemon's machine ({endpoint} is a tunnel or port forwarded from it; set BuildpackDockerSocket if the daemon's socket is elsewhere)");
            default:
                return Tcp(endpoint);
        }
    }

    /// <summary>Whether <paramref name="endpoint"/> is a TCP daemon at a loopback address (where a tunnel or port forward ends).</summary>
    internal static bool IsLoopbackTcp(DaemonEndpoint endpoint) =>
        endpoint.Kind == DaemonEndpointKind.Tcp
        && (endpoint.Address.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(endpoint.Address, out var address) && System.Net.IPAddress.IsLoopback(address)));

    private static DaemonAccess Bind(string socket, string description) =>
        new([$"{socket}:{ContainerSocket}"], [], null, "the daemon's socket " + description);

    // The reference lifecycle's Docker client reads DOCKER_HOST, and DOCKER_CERT_PATH (TLS, verified unless
    // DOCKER_TLS_VERIFY is empty); ours reads DOCKER_TLS or DOCKER_TLS_VERIFY, as the docker CLI does. Both read the
    // files before dropping privileges, so they stay root's.
    private static DaemonAccess Tcp(DaemonEndpoint endpoint)
    {
        var environment = new List<string> { $"DOCKER_HOST={endpoint}" };
        if (endpoint.Tls is not { } tls)
        {
            return new DaemonAccess([], environment, null, $"DOCKER_HOST={endpoint}");
        }

        environment.AddRange(["DOCKER_TLS=1", $"DOCKER_CERT_PATH={TlsDirectory}"]);
        if (tls.Verify)
        {
            environment.Add("DOCKER_TLS_VERIFY=1");
        }

        var files = new[] { ("ca.pem", tls.CaCertificateFile), ("cert.pem", tls.CertificateFile), ("key.pem", tls.KeyFile) }
            .Where(f => f.Item2 is not null)
            .Select(f => (Name: f.Item1, Path: f.Item2!))
            .ToList();
        return new DaemonAccess([], environment, token => TlsArchiveAsync(files, token), $"DOCKER_HOST={endpoint} with its TLS files ({string.Join(", ", files.Select(f => f.Name))}) in {TlsDirectory}");
    }

    private static async Task<Stream> TlsArchiveAsync(IReadOnlyList<(string Name, string Path)> files, CancellationToken cancellationToken)
    {
        var directory = TlsDirectory.TrimStart('/');
        var entries = new List<LayerEntry> { LayerEntry.Directory(directory, (UnixFileMode)0x1C0) }; // 0700
        foreach (var (name, path) in files)
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            entries.Add(LayerEntry.TextFile($"{directory}/{name}", text, (UnixFileMode)0x100)); // 0400
        }

        var output = new MemoryStream();
        await LayerWriter.WriteTarAsync(entries, output, new LayerWriteOptions(), cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }
}
