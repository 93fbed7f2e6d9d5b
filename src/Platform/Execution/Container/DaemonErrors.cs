using Buildpacks.Images;
using Buildpacks.Images.Engine;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The one place Container execution turns the daemon's failures into errors a user can act on: a daemon that does not
/// answer is BP3001 (naming the endpoint and where it came from), a refusal BP3010 (naming what was asked and what the
/// daemon said); a caller may claim a refusal for a code of its own (a failed pull is BP3003 or BP3005).
/// </summary>
/// <param name="endpoint">The daemon, named in errors.</param>
internal sealed class DaemonErrors(DaemonEndpoint endpoint)
{
    /// <summary>The daemon.</summary>
    public DaemonEndpoint Endpoint => endpoint;

    /// <summary>
    /// Runs <paramref name="call"/>, described by <paramref name="operation"/> (e.g. "create the volume x"), mapping
    /// its failure; <paramref name="refusal"/> may give the error for a refusal instead (null: the usual one).
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, Func<Task<T>> call, Func<DaemonException, CodedException?>? refusal = null)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DaemonException e) when (e is not DaemonUnreachableException && refusal?.Invoke(e) is { } claimed)
        {
            throw claimed;
        }
        catch (ImageException e)
        {
            throw Map(e, operation);
        }
    }

    /// <summary>As <see cref="RunAsync{T}"/> without a result.</summary>
    public Task RunAsync(string operation, Func<Task> call, Func<DaemonException, CodedException?>? refusal = null) => RunAsync(
        operation,
        async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        },
        refusal);

    /// <summary>The error for <paramref name="failure"/> of <paramref name="operation"/>: BP3001 when the daemon did not answer, else BP3010.</summary>
    public CodedException Map(ImageException failure, string operation)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure is DaemonUnreachableException unreachable
            ? Unreachable(Reason(unreachable), unreachable)
            : CodedException.Because(failure, Messages.DaemonRequestFailed, operation, endpoint, MessageOf(failure));
    }

    /// <summary>BP3001 because of <paramref name="reason"/> (e.g. what the probe found).</summary>
    public CodedException Unreachable(string reason, Exception cause)
    {
        return CodedException.Because(cause, Messages.DaemonUnreachable, endpoint, endpoint.Source, reason.TrimEnd('.') + DaemonSocketsNearby.Hint(endpoint.ToString()));
    }

    /// <summary>What the daemon said, without our framing: its own message when it answered, else the failure's.</summary>
    public static string MessageOf(Exception failure) => failure switch
    {
        DaemonRequestException request => request.DaemonMessage,
        DaemonPullException pull => pull.DaemonMessage,
        DaemonLoadException load => load.DaemonMessage,
        _ => failure.Message,
    };

    // The connection's own words ("Connection refused", "the socket file does not exist", a timeout).
    private static string Reason(DaemonUnreachableException e) => e.InnerException?.Message ?? e.Message;
}
