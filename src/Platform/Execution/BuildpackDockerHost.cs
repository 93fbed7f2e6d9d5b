using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// The daemon a build, a rebase or a builder target talks to: <c>BuildpackDockerHost</c> when set, else what the one
/// resolver of the image engine finds (<c>DOCKER_HOST</c>, the docker context, the platform's default; see
/// <see cref="DaemonEndpoint"/>). Every daemon use of the platform starts here, so Auto execution's probe, Container
/// and Local execution, the rebase and the builder targets always reach the same daemon.
/// </summary>
public static class BuildpackDockerHost
{
    /// <summary>The property's name, which errors give as the endpoint's source.</summary>
    public const string PropertyName = "BuildpackDockerHost";

    /// <summary>The endpoint for <paramref name="value"/> (the property's value; null or blank when unset).</summary>
    /// <exception cref="DaemonException">The value, <c>DOCKER_HOST</c> or the context's host is not an endpoint.</exception>
    public static DaemonEndpoint Resolve(string? value) =>
        DaemonEndpoint.Resolve(string.IsNullOrWhiteSpace(value) ? null : value.Trim(), PropertyName);

    /// <summary>The endpoint for <paramref name="value"/> as errors name it; the value itself when it is not an endpoint.</summary>
    public static string Describe(string? value)
    {
        try
        {
            return Resolve(value).ToString();
        }
        catch (DaemonException)
        {
            return value ?? "(none)";
        }
    }

    /// <summary>Whether the daemon of <paramref name="value"/> answers a ping within <paramref name="timeout"/>, and if not, why.</summary>
    public static async Task<DaemonProbeResult> ProbeAsync(string? value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DaemonEndpoint endpoint;
        try
        {
            endpoint = Resolve(value);
        }
        catch (DaemonException e)
        {
            return DaemonProbeResult.NoAnswer(e.Message, e);
        }

        return await DaemonProbe.ProbeAsync(endpoint, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A daemon image store for <paramref name="value"/>, over an Engine API client of its own (nothing is sent until first use).</summary>
    /// <exception cref="DaemonException">The endpoint is not one, or its TLS files cannot be read.</exception>
    public static DaemonImageStore OpenStore(string? value, DaemonImageStoreOptions? options = null) =>
        new(new EngineApiClient(Resolve(value)), options, ownsApi: true);
}
