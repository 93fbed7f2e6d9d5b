using System.Diagnostics.CodeAnalysis;

namespace Buildpacks.Images.Engine;

/// <summary>
/// The one liveness check of a daemon: <c>GET /_ping</c> within a timeout. Says whether the daemon answered and, if
/// not, why, in words fit for a message (the socket's own error, or the timeout). Auto execution asks it before
/// choosing Container mode, Local execution before using the daemon, Container execution before anything else.
/// </summary>
public static class DaemonProbe
{
    /// <summary>Probes the daemon of <paramref name="engine"/>, which stays usable (and its API version known) when it answered.</summary>
    public static async Task<DaemonProbeResult> ProbeAsync(IContainerEngine engine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await engine.PingAsync(bounded.Token).ConfigureAwait(false);
            return DaemonProbeResult.Answered;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var why = new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s", e);
            return DaemonProbeResult.NoAnswer(why.Message, new DaemonUnreachableException(engine.Endpoint, why));
        }
        catch (DaemonException e)
        {
            return DaemonProbeResult.NoAnswer(Reason(e), e);
        }
    }

    /// <summary>Probes the daemon at <paramref name="endpoint"/> with a client of its own.</summary>
    public static async Task<DaemonProbeResult> ProbeAsync(DaemonEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        EngineApiClient client;
        try
        {
            client = new EngineApiClient(endpoint);
        }
        catch (DaemonException e)
        {
            return DaemonProbeResult.NoAnswer(e.Message, e);
        }

        using (client)
        {
            return await ProbeAsync(client, timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    // An unreachable daemon's reason is the connection's own words ("Connection refused", "the socket file does not
    // exist"), not the whole advice the exception carries; a daemon that refused the ping says what it said.
    private static string Reason(DaemonException e) => e switch
    {
        DaemonUnreachableException { InnerException: { } inner } => inner.Message.TrimEnd('.'),
        DaemonRequestException request => $"it answered the ping with HTTP {request.StatusCode}: {request.DaemonMessage}",
        _ => e.Message,
    };
}

/// <summary>What a <see cref="DaemonProbe"/> found.</summary>
public sealed record DaemonProbeResult
{
    private DaemonProbeResult(bool answered, string? failure, DaemonException? error)
    {
        HasAnswered = answered;
        Failure = failure;
        Error = error;
    }

    /// <summary>The daemon answered.</summary>
    public static DaemonProbeResult Answered { get; } = new(true, null, null);

    /// <summary>Whether the daemon answered; when it did not, <see cref="Failure"/> and <see cref="Error"/> say why.</summary>
    [MemberNotNullWhen(false, nameof(Failure), nameof(Error))]
    public bool HasAnswered { get; }

    /// <summary>Why it did not, in a few words (e.g. <c>Connection refused</c>); null when it answered.</summary>
    public string? Failure { get; }

    /// <summary>The failure itself, for an error to carry as its cause; null when it answered.</summary>
    public DaemonException? Error { get; }

    /// <summary>The daemon did not answer, because of <paramref name="failure"/>.</summary>
    public static DaemonProbeResult NoAnswer(string failure, DaemonException error) => new(false, failure, error);
}
