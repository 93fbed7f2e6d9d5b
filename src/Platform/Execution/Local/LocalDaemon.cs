using Buildpacks.Images;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Stores.Daemon.EngineApi;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>The Docker (or Podman) daemon, for Local execution's optional uses of it: a builder only it has, and the daemon destination.</summary>
internal static class LocalDaemon
{
    /// <summary>
    /// A store over the daemon at <paramref name="dockerHost"/> (else DOCKER_HOST, else the default socket) when it
    /// answers within <paramref name="timeout"/>; otherwise a null store and the reason.
    /// </summary>
    public static async Task<(DaemonImageStore? Store, string Endpoint, string? Failure)> TryConnectAsync(string? dockerHost, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DaemonEndpoint endpoint;
        try
        {
            endpoint = DaemonEndpoint.Resolve(dockerHost);
        }
        catch (DaemonException e)
        {
            return (null, dockerHost ?? DaemonEndpoint.DefaultSocket, e.Message);
        }

        if (endpoint.Uri.Scheme == "unix" && !File.Exists(endpoint.Uri.LocalPath))
        {
            return (null, endpoint.ToString(), "no socket there");
        }

        var client = new EngineApiClient(endpoint);
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(timeout);
        try
        {
            await client.GetVersionAsync(probe.Token).ConfigureAwait(false);
            return (new DaemonImageStore(client, ownsApi: true), endpoint.ToString(), null);
        }
        catch (Exception e) when (e is ImageException or HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            client.Dispose();
            return (null, endpoint.ToString(), e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : e.Message);
        }
    }
}
