using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Buildpacks.TestInfrastructure.Registry;

/// <summary>What a fault does to a request it matches.</summary>
public enum FaultKind
{
    /// <summary>Answer 429 Too Many Requests with a Retry-After header.</summary>
    TooManyRequests,

    /// <summary>Answer 503 Service Unavailable.</summary>
    ServiceUnavailable,

    /// <summary>Drop the connection without an answer (the client sees a reset).</summary>
    ResetConnection,

    /// <summary>Forward the request but flip a byte of the response body.</summary>
    CorruptBody,

    /// <summary>Hold the request for a while before forwarding it (to make transfers overlap, or a step last).</summary>
    Delay,

    /// <summary>Read half of the request body, then drop the connection (a reset in the middle of an upload).</summary>
    ResetMidBody,

    /// <summary>
    /// Forward the request without its Authorization: the registry answers 401 with its challenge, as it does to a
    /// token that expired in the middle of a push.
    /// </summary>
    ExpiredToken,
}

/// <summary>A fault to inject into the next <see cref="Times"/> requests that match.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Method">The HTTP method to match, or null for any.</param>
/// <param name="PathContains">A substring of the path to match, or null for any.</param>
/// <param name="Times">How many matching requests to affect.</param>
/// <param name="RetryAfterSeconds">The Retry-After of a 429.</param>
/// <param name="DelayMilliseconds">How long a <see cref="FaultKind.Delay"/> holds the request.</param>
public sealed record Fault(FaultKind Kind, string? Method, string? PathContains, int Times = 1, int RetryAfterSeconds = 1, int DelayMilliseconds = 200);

/// <summary>One request that went through the proxy.</summary>
/// <param name="Method">The method.</param>
/// <param name="PathAndQuery">Path and query.</param>
/// <param name="Status">The status returned (0 for a reset).</param>
/// <param name="RequestBytes">Body bytes received from the client.</param>
/// <param name="ResponseBytes">Body bytes sent to the client.</param>
/// <param name="ContentRange">The request's Content-Range header.</param>
/// <param name="ContentLength">The request's Content-Length header.</param>
/// <param name="Fault">The fault injected, if any.</param>
public sealed record ProxiedRequest(string Method, string PathAndQuery, int Status, long RequestBytes, long ResponseBytes, string? ContentRange, long? ContentLength, FaultKind? Fault);

/// <summary>
/// A loopback HTTP proxy in front of a test registry that logs every request and injects faults on demand: 429 with
/// Retry-After, 503, connection resets and corrupted bodies. The registry sees the proxy's Host, so the upload
/// Locations it hands out lead back through the proxy.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "Proxy-Authenticate", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Uri _upstreamBase;
    private readonly ConcurrentQueue<ProxiedRequest> _log = new();
    private readonly List<FaultState> _faults = [];
    private readonly ConcurrentDictionary<FaultKind, int> _taken = new();
    private int _inFlight;
    private int _maxInFlight;

    private FaultProxy(WebApplication app, string upstream)
    {
        _app = app;
        _upstreamBase = new Uri($"http://{upstream}/");
        _upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    /// <summary>The proxy's registry name, e.g. <c>127.0.0.1:41235</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>The most requests that were being handled at the same moment.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    /// <summary>Every request so far.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => _log.ToList();

    /// <summary>Starts a proxy to <paramref name="upstream"/> (host:port on loopback).</summary>
    public static async Task<FaultProxy> StartAsync(string upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var proxy = new FaultProxy(app, upstream);
        app.Run(proxy.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Address = new Uri(address).Authority;
        return proxy;
    }

    /// <summary>Adds a fault for the next matching requests.</summary>
    public void Inject(Fault fault)
    {
        lock (_faults)
        {
            _faults.Add(new FaultState(fault, fault.Times));
        }
    }

    /// <summary>How many requests a fault of <paramref name="kind"/> has met so far (counted as it starts, so a held request counts at once).</summary>
    public int Taken(FaultKind kind) => _taken.GetValueOrDefault(kind);

    /// <summary>Drops every fault not yet used up.</summary>
    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    /// <summary>Forgets the requests logged so far.</summary>
    public void ClearLog() => _log.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _upstream.Dispose();
    }

    private Fault? Take(HttpRequest request)
    {
        lock (_faults)
        {
            var match = _faults.FirstOrDefault(f => f.Remaining > 0
                && (f.Fault.Method is null || string.Equals(f.Fault.Method, request.Method, StringComparison.OrdinalIgnoreCase))
                && (f.Fault.PathContains is null || (request.Path.Value ?? string.Empty).Contains(f.Fault.PathContains, StringComparison.Ordinal)));
            if (match is null)
            {
                return null;
            }

            match.Remaining--;
            _taken.AddOrUpdate(match.Fault.Kind, 1, (_, n) => n + 1);
            return match.Fault;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            await ForwardAsync(context).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = request.Path + request.QueryString;
        var contentRange = request.Headers.ContentRange.ToString();
        var injected = Take(request);
        var fault = injected?.Kind;
        var received = new CountingReadStream(request.Body);
        switch (fault)
        {
            case FaultKind.Delay:
                await Task.Delay(injected!.DelayMilliseconds, context.RequestAborted).ConfigureAwait(false);
                break;
            case FaultKind.TooManyRequests:
                await received.CopyToAsync(Stream.Null).ConfigureAwait(false);
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = injected!.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Log(request, pathAndQuery, 429, received.Count, 0, contentRange, fault);
                return;
            case FaultKind.ServiceUnavailable:
                await received.CopyToAsync(Stream.Null).ConfigureAwait(false);
                context.Response.StatusCode = 503;
                Log(request, pathAndQuery, 503, received.Count, 0, contentRange, fault);
                return;
            case FaultKind.ResetConnection:
                Log(request, pathAndQuery, 0, 0, 0, contentRange, fault);
                context.Abort();
                return;
            case FaultKind.ResetMidBody:
                await ReadHalfAsync(received, request.ContentLength, context.RequestAborted).ConfigureAwait(false);
                Log(request, pathAndQuery, 0, received.Count, 0, contentRange, fault);
                context.Abort();
                return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstreamBase, pathAndQuery.ToString()));
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody || request.ContentLength == 0)
        {
            forward.Content = new StreamContent(received);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopHeaders.Contains(name) || (fault == FaultKind.ExpiredToken && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        // The registry builds Location URLs from Host: keep the proxy's, so clients come back through it.
        forward.Headers.Host = request.Host.Value;
        using var response = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        long sent = 0;
        await using (var body = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            int n;
            var corrupt = fault == FaultKind.CorruptBody;
            while ((n = await body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (corrupt)
                {
                    buffer[n / 2] ^= 0xFF;
                    corrupt = false;
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted).ConfigureAwait(false);
                sent += n;
            }
        }

        Log(request, pathAndQuery, (int)response.StatusCode, received.Count, sent, contentRange, fault);
    }

    // Half of a body of known length (at least a byte); a body of unknown length is read up to its first chunk.
    private static async Task ReadHalfAsync(Stream body, long? length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var wanted = length is > 1 ? length.Value / 2 : 1;
        long read = 0;
        int n;
        while (read < wanted && (n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, wanted - read)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }
    }

    private void Log(HttpRequest request, string pathAndQuery, int status, long received, long sent, string contentRange, FaultKind? fault) =>
        _log.Enqueue(new ProxiedRequest(request.Method, pathAndQuery, status, received, sent, contentRange.Length == 0 ? null : contentRange, request.ContentLength, fault));

    private sealed class FaultState(Fault fault, int remaining)
    {
        public Fault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}
