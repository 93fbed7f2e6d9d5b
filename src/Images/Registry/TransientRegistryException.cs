using System.Net;

namespace Buildpacks.Images.Registry;

/// <summary>
/// A failure worth trying again: 429, a 5xx, or a token that expired under a request that cannot be re-sent. Only
/// raised inside the client, where the retry pipeline catches it; what escapes is a <see cref="RegistryRequestException"/>.
/// </summary>
internal sealed class TransientRegistryException : Exception
{
    public TransientRegistryException(HttpStatusCode? status, TimeSpan? retryAfter, string message)
        : base(message)
    {
        StatusCode = status;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>How long the registry asked us to wait (Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether a status is transient: 429 Too Many Requests, 408, or any 5xx except 501/505.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
        || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    /// <summary>The wait a response asks for: Retry-After as seconds or as a date.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
