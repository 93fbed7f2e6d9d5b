using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>The Docker (or Podman) daemon, for Local execution's optional uses of it: a builder only it has, and the daemon destination.</summary>
internal static class LocalDaemon
{
    /// <summary>
    /// A store over the daemon of <paramref name="dockerHost"/> (see <see cref="BuildpackDockerHost"/>) when it answers
    /// the probe within <paramref name="timeout"/>; otherwise a null store and the reason. The endpoint, as errors name it, either way.
    /// </summary>
    public static async Task<(DaemonImageStore? Store, string Endpoint, string? Failure)> TryConnectAsync(string? dockerHost, TimeSpan timeout, CancellationToken cancellationToken)
    {
        EngineApiClient client;
        try
        {
            client = new EngineApiClient(BuildpackDockerHost.Resolve(dockerHost));
        }
        catch (DaemonException e)
        {
            return (null, BuildpackDockerHost.Describe(dockerHost), e.Message);
        }

        var probe = await DaemonProbe.ProbeAsync(client, timeout, cancellationToken).ConfigureAwait(false);
        if (!probe.HasAnswered)
        {
            client.Dispose();
            return (null, client.Endpoint.ToString(), probe.Failure);
        }

        return (new DaemonImageStore(client, ownsApi: true), client.Endpoint.ToString(), null);
    }
}
