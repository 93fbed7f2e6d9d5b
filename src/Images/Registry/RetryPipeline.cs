using System.Net.Http;
using Polly;
using Polly.Retry;

namespace Buildpacks.Images.Registry;

/// <summary>
/// The retry policy of every registry operation that can safely run again: bounded attempts, exponential backoff
/// with jitter, and the registry's own <c>Retry-After</c> when it sends one. Unlike the .NET SDK's client it retries
/// 429 and 5xx answers and timeouts, not only socket errors; and uploads are retried whole, from a fresh upload session.
/// </summary>
internal static class RetryPipeline
{
    public static ResiliencePipeline Create(RegistrySettings settings, RegistryStatistics statistics, IImageLog log)
    {
        if (settings.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is TransientRegistryException { RetryAfter: { } wait }
                        ? (TimeSpan?)(wait < settings.MaxRetryDelay ? wait : settings.MaxRetryDelay)
                        : null),
                OnRetry = args =>
                {
                    statistics.CountRetry();
                    log.Write(ImageLogLevel.Warning, $"Retrying in {args.RetryDelay.TotalSeconds:0.##} s (attempt {args.AttemptNumber + 2} of {settings.MaxAttempts}) after: {Describe(args.Outcome.Exception)}");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Whether a failure is one that another attempt may not meet.</summary>
    public static bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        null => false,
        _ when CauseOf(exception) is not null => false,
        TransientRegistryException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        TimeoutException => true,
        HttpRequestException http => http.HttpRequestError != HttpRequestError.SecureConnectionError,
        IOException => true,
        _ => false,
    };

    /// <summary>
    /// The <see cref="ImageException"/> inside a transport failure, if any: an error of ours (a corrupt source blob)
    /// that the HTTP stack wrapped while reading request content. Such a failure is not transient.
    /// </summary>
    public static ImageException? CauseOf(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is ImageException image)
            {
                return image;
            }
        }

        return null;
    }

    /// <summary>A one-line reason for a failure, for logs and errors.</summary>
    public static string Describe(Exception? exception) => exception switch
    {
        null => "unknown failure",
        OperationCanceledException => "the request timed out",
        HttpRequestException { InnerException: { } inner } http => $"{http.Message} ({inner.Message})",
        _ => exception.Message,
    };
}
