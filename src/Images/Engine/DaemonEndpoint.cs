using System.Globalization;
using System.Runtime.InteropServices;

namespace Buildpacks.Images.Engine;

/// <summary>
/// Where a Docker (or Podman) daemon answers the Engine API: a unix socket, a TCP address (plain or TLS) or a Windows
/// named pipe, with where that came from. Resolved in the docker CLI's order: an explicit host, else <c>DOCKER_HOST</c>
/// (with <c>DOCKER_TLS_VERIFY</c>, <c>DOCKER_TLS</c> and <c>DOCKER_CERT_PATH</c>), else the endpoint of the current
/// docker context, else the platform's default (<see cref="DefaultUnixSocket"/>, or <see cref="DefaultNamedPipe"/> on
/// Windows). A Podman socket (<c>podman system service unix:///path</c>) serves the same API. Reads files with
/// <see cref="System.Text.Json.JsonDocument"/> only, so it stays NativeAOT-safe.
/// </summary>
public sealed record DaemonEndpoint
{
    /// <summary>The default Docker socket on Linux and macOS.</summary>
    public const string DefaultUnixSocket = "unix:///var/run/docker.sock";

    /// <summary>The default Docker Engine named pipe on Windows.</summary>
    public const string DefaultNamedPipe = "npipe:////./pipe/docker_engine";

    private DaemonEndpoint(DaemonEndpointKind kind, string address, string? pipeServer, int port, string source, DaemonTls? tls)
    {
        Kind = kind;
        Address = address;
        PipeServer = pipeServer;
        Port = port;
        Source = source;
        Tls = tls;
    }

    /// <summary>How the daemon is reached.</summary>
    public DaemonEndpointKind Kind { get; }

    /// <summary>The socket path, the TCP host name (or address), or the pipe name, by <see cref="Kind"/>.</summary>
    public string Address { get; }

    /// <summary>The TCP port; 0 for other kinds.</summary>
    public int Port { get; }

    /// <summary>The server of a named pipe (<c>.</c> for this machine); null for other kinds.</summary>
    public string? PipeServer { get; }

    /// <summary>The path of the unix socket; null for other kinds.</summary>
    public string? UnixSocketPath => Kind == DaemonEndpointKind.UnixSocket ? Address : null;

    /// <summary>TLS for a TCP endpoint; null for plain HTTP and for sockets and pipes.</summary>
    public DaemonTls? Tls { get; }

    /// <summary>
    /// Where the endpoint came from, for errors: the explicit host's name, <c>DOCKER_HOST</c>, a docker context, or
    /// the default.
    /// </summary>
    public string Source { get; }

    /// <summary>
    /// Resolves the endpoint from this process's environment: <paramref name="explicitHost"/> when given (named
    /// <paramref name="explicitHostName"/> in errors), else <c>DOCKER_HOST</c>, else the current docker context, else
    /// the platform's default.
    /// </summary>
    /// <exception cref="DaemonException">The host, or the context's host, is not an endpoint this client can dial.</exception>
    public static DaemonEndpoint Resolve(string? explicitHost = null, string explicitHostName = DaemonEndpointInputs.DefaultExplicitHostName) =>
        Resolve(DaemonEndpointInputs.FromEnvironment(explicitHost, explicitHostName));

    /// <summary>The resolution over explicit inputs (environment values, docker config directory, OS).</summary>
    /// <exception cref="DaemonException">The host, or the context's host, is not an endpoint this client can dial.</exception>
    public static DaemonEndpoint Resolve(DaemonEndpointInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!string.IsNullOrWhiteSpace(inputs.ExplicitHost))
        {
            return Parse(inputs.ExplicitHost, inputs.ExplicitHostName, EnvironmentTls(inputs));
        }

        if (!string.IsNullOrWhiteSpace(inputs.DockerHost))
        {
            return Parse(inputs.DockerHost, "DOCKER_HOST", EnvironmentTls(inputs));
        }

        var contextName = !string.IsNullOrWhiteSpace(inputs.DockerContext)
            ? inputs.DockerContext.Trim()
            : DockerContextStore.CurrentContext(inputs.ConfigDirectory);
        var missingContext = string.Empty;
        if (contextName is not null && contextName != DockerContextStore.DefaultContext)
        {
            if (DockerContextStore.Read(inputs.ConfigDirectory, contextName) is { } context)
            {
                return Parse(context.Host, $"docker context '{contextName}'", context.Tls);
            }

            // The CLI would stop here ("context not found"); the default is tried, and the error says why.
            missingContext = $", docker context '{contextName}' not found";
        }

        return inputs.Os == OSPlatform.Windows
            ? Parse(DefaultNamedPipe, $"the default named pipe{missingContext}", null)
            : Parse(DefaultUnixSocket, $"the default socket{missingContext}", null);
    }

    /// <summary>
    /// Parses an endpoint as the docker CLI writes it: <c>unix:///path</c> (or a bare absolute path),
    /// <c>tcp://host:port</c> (TLS when <paramref name="tls"/> is given), <c>https://host:port</c> (always TLS),
    /// <c>http://host:port</c>, or <c>npipe:////./pipe/name</c>.
    /// </summary>
    /// <exception cref="DaemonException">It is none of those (an <c>ssh://</c> host, say).</exception>
    public static DaemonEndpoint Parse(string host, string source, DaemonTls? tls = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(source);
        var text = host.Trim();
        if (text.StartsWith('/'))
        {
            text = "unix://" + text;
        }

        var colon = text.IndexOf("://", StringComparison.Ordinal);
        var scheme = colon > 0 ? text[..colon].ToLowerInvariant() : string.Empty;
        var rest = colon > 0 ? text[(colon + 3)..] : string.Empty;
        var endpoint = scheme switch
        {
            "unix" when rest.StartsWith('/') && rest.Length > 1 => new DaemonEndpoint(DaemonEndpointKind.UnixSocket, rest, null, 0, source, null),
            "tcp" => Tcp(rest, source, tls),
            "http" => Tcp(rest, source, null),
            "https" => Tcp(rest, source, tls ?? new DaemonTls()),
            "npipe" => NamedPipe(rest, source),
            _ => null,
        };
        return endpoint ?? throw new DaemonException(
            $"'{host}' (from {source}) is not a daemon endpoint: use unix:///path/to/docker.sock, tcp://host:port or npipe:////./pipe/docker_engine.");
    }

    /// <summary>The endpoint as the docker CLI writes it, e.g. <c>unix:///var/run/docker.sock</c> or <c>tcp://10.0.0.5:2376</c>.</summary>
    public override string ToString() => Kind switch
    {
        DaemonEndpointKind.UnixSocket => "unix://" + Address,
        DaemonEndpointKind.NamedPipe => $"npipe:////{PipeServer}/pipe/{Address}",
        _ => string.Create(CultureInfo.InvariantCulture, $"tcp://{(Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]" : Address)}:{Port}"),
    };

    // The docker CLI: TLS when DOCKER_TLS_VERIFY or DOCKER_TLS is set (to anything), verified only with
    // DOCKER_TLS_VERIFY; the files come from DOCKER_CERT_PATH, else the docker config directory.
    private static DaemonTls? EnvironmentTls(DaemonEndpointInputs inputs)
    {
        var verify = !string.IsNullOrEmpty(inputs.DockerTlsVerify);
        if (!verify && string.IsNullOrEmpty(inputs.DockerTls))
        {
            return null;
        }

        var directory = string.IsNullOrEmpty(inputs.DockerCertPath) ? inputs.ConfigDirectory : inputs.DockerCertPath;
        return DaemonTls.FromDirectory(directory, verify);
    }

    private static DaemonEndpoint? Tcp(string rest, string source, DaemonTls? tls)
    {
        // host:port, [v6]:port or host; a trailing slash (tcp://host:2375/) is the CLI's too.
        var authority = rest.TrimEnd('/');
        if (authority.Length == 0 || authority.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        if (!Uri.TryCreate("tcp://" + authority, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return null;
        }

        // The CLI's default ports: 2376 with TLS, 2375 without.
        var port = uri.Port > 0 ? uri.Port : tls is null ? 2375 : 2376;
        return new DaemonEndpoint(DaemonEndpointKind.Tcp, uri.Host.Trim('[', ']'), null, port, source, tls);
    }

    // npipe:////./pipe/docker_engine (the CLI's spelling) or npipe://./pipe/docker_engine: server, "pipe", name.
    private static DaemonEndpoint? NamedPipe(string rest, string source)
    {
        var parts = rest.TrimStart('/').Split('/');
        return parts is [{ Length: > 0 } server, var pipe, { Length: > 0 } name] && pipe.Equals("pipe", StringComparison.OrdinalIgnoreCase)
            ? new DaemonEndpoint(DaemonEndpointKind.NamedPipe, name, server, 0, source, null)
            : null;
    }
}
