using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Stores.Daemon.EngineApi;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>The two ways the daemon store reaches the daemon; every store test runs over both.</summary>
public enum DaemonTransport
{
    /// <summary>The store's own HttpClient transport, the one the NativeAOT lifecycle uses.</summary>
    EngineApi,

    /// <summary>Docker.DotNet, the one the platform uses.</summary>
    DockerDotNet,
}

/// <summary>Opens a transport of either kind.</summary>
public static class DaemonTransports
{
    public static IDaemonImageApi Open(DaemonTransport transport, DaemonEndpoint endpoint) => transport switch
    {
        DaemonTransport.EngineApi => new EngineApiClient(endpoint),
        DaemonTransport.DockerDotNet => new DockerDotNetImageApi(endpoint),
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };
}
