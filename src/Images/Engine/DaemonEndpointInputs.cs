using System.Runtime.InteropServices;

namespace Buildpacks.Images.Engine;

/// <summary>
/// What <see cref="DaemonEndpoint.Resolve(DaemonEndpointInputs)"/> decides from: the explicit host, the docker CLI's
/// environment variables, its config directory and the operating system. Tests give them directly; the product reads
/// them from the process (<see cref="FromEnvironment"/>).
/// </summary>
public sealed record DaemonEndpointInputs
{
    /// <summary>How an explicit host is named in errors unless the caller says otherwise.</summary>
    public const string DefaultExplicitHostName = "the given endpoint";

    /// <summary>The host the caller names (e.g. a build property); wins over everything else.</summary>
    public string? ExplicitHost { get; init; }

    /// <summary>What the explicit host is called in errors (the setting it came from).</summary>
    public string ExplicitHostName { get; init; } = DefaultExplicitHostName;

    /// <summary><c>DOCKER_HOST</c>.</summary>
    public string? DockerHost { get; init; }

    /// <summary><c>DOCKER_TLS_VERIFY</c>: any value turns on TLS with verification.</summary>
    public string? DockerTlsVerify { get; init; }

    /// <summary><c>DOCKER_TLS</c>: any value turns on TLS (verified only with <see cref="DockerTlsVerify"/>).</summary>
    public string? DockerTls { get; init; }

    /// <summary><c>DOCKER_CERT_PATH</c>: where <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c> are; else <see cref="ConfigDirectory"/>.</summary>
    public string? DockerCertPath { get; init; }

    /// <summary><c>DOCKER_CONTEXT</c>: the context to use instead of the config's <c>currentContext</c>.</summary>
    public string? DockerContext { get; init; }

    /// <summary>The docker CLI's config directory: <c>DOCKER_CONFIG</c>, else <c>~/.docker</c>.</summary>
    public required string ConfigDirectory { get; init; }

    /// <summary>The operating system, which picks the default endpoint (a named pipe on Windows, a socket elsewhere).</summary>
    public OSPlatform Os { get; init; } = OSPlatform.Linux;

    /// <summary>The inputs of this process: its environment variables, the docker config directory and its OS.</summary>
    public static DaemonEndpointInputs FromEnvironment(string? explicitHost = null, string explicitHostName = DefaultExplicitHostName) => new()
    {
        ExplicitHost = explicitHost,
        ExplicitHostName = explicitHostName,
        DockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST"),
        DockerTlsVerify = Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY"),
        DockerTls = Environment.GetEnvironmentVariable("DOCKER_TLS"),
        DockerCertPath = Environment.GetEnvironmentVariable("DOCKER_CERT_PATH"),
        DockerContext = Environment.GetEnvironmentVariable("DOCKER_CONTEXT"),
        ConfigDirectory = Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } directory
            ? directory
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"),
        Os = OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux,
    };
}
