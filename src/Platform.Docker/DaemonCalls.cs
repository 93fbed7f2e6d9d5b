using System.Net.Sockets;
using System.Text.Json;
using Buildpacks.Platform.Diagnostics;
using Docker.DotNet;

namespace Buildpacks.Platform.Docker;

/// <summary>
/// Turns Docker.DotNet's failures into the coded errors a user can act on: a daemon that does not answer (BP3001) and
/// a request it refused (BP3010), each naming the endpoint.
/// </summary>
/// <param name="endpoint">The daemon, named in errors.</param>
internal sealed class DaemonCalls(ResolvedDockerEndpoint endpoint)
{
    /// <summary>The daemon.</summary>
    public ResolvedDockerEndpoint Endpoint => endpoint;

    /// <summary>Runs <paramref name="call"/>, described by <paramref name="operation"/> (e.g. "create a volume").</summary>
    public async Task<T> RunAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            throw CodedException.Because(e, Messages.DaemonRequestFailed, operation, endpoint.Display, MessageOf(e));
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw Unreachable(e);
        }
    }

    /// <summary>As <see cref="RunAsync{T}(string, Func{Task{T}})"/> without a result.</summary>
    public Task RunAsync(string operation, Func<Task> call) => RunAsync(operation, async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    /// <summary>BP3001 for <paramref name="cause"/>.</summary>
    public CodedException Unreachable(Exception cause) =>
        CodedException.Because(cause, Messages.DaemonUnreachable, endpoint.Display, endpoint.Source, InnermostMessage(cause));

    /// <summary>True when <paramref name="e"/> says the daemon could not be reached at all.</summary>
    public static bool IsConnectionFailure(Exception e) =>
        e is HttpRequestException or SocketException or TimeoutException
        || (e is IOException && e.InnerException is SocketException)
        || (e.InnerException is { } inner && IsConnectionFailure(inner));

    /// <summary>The daemon's own message from an error answer (<c>{"message": "..."}</c>).</summary>
    public static string MessageOf(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim();
        if (string.IsNullOrEmpty(body))
        {
            return $"{(int)e.StatusCode} {e.StatusCode}";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself.
        }

        return body;
    }

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message.TrimEnd('.');
    }
}
