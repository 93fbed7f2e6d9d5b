using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Buildpacks.Images.Engine;

/// <summary>
/// The daemon's Engine API over plain <see cref="HttpClient"/> (<see cref="DaemonConnection"/>: unix socket, TCP,
/// TLS or named pipe), the API version negotiated on first use, source-generated JSON. Safe to compile NativeAOT,
/// which the lifecycle's <c>-daemon</c> export needs; the platform drives its containers through it too. Its
/// operations are split by resource: system (this file's negotiation, <c>EngineApiClient.System.cs</c>), images,
/// containers and volumes.
/// </summary>
/// <remarks>
/// Failures are <see cref="DaemonException"/>s: <see cref="DaemonUnreachableException"/> when nothing answers on the
/// endpoint (it names the endpoint and where it came from, and says to start Docker or set <c>DOCKER_HOST</c>),
/// <see cref="DaemonImageNotFoundException"/> for a missing image where an image is required, and
/// <see cref="DaemonRequestException"/> with the daemon's message for any other error answer.
/// </remarks>
public sealed partial class EngineApiClient : IContainerEngine
{
    private readonly HttpClient _http;
    private readonly HeldConnection _held = new();
    private readonly Version _maximumApiVersion;
    private Version? _serverApiVersion;
    private Version? _apiVersion;

    /// <summary>
    /// A client for <paramref name="endpoint"/> that speaks at most <paramref name="maximumApiVersion"/> (default
    /// <see cref="EngineApiVersion.Maximum"/>). Nothing is sent until the first call.
    /// </summary>
    /// <exception cref="DaemonException">The endpoint's TLS files cannot be read.</exception>
    public EngineApiClient(DaemonEndpoint endpoint, Version? maximumApiVersion = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _maximumApiVersion = maximumApiVersion ?? EngineApiVersion.Maximum;
        _http = DaemonConnection.Open(endpoint, _held);
    }

    /// <inheritdoc />
    public DaemonEndpoint Endpoint { get; }

    /// <summary>
    /// The API version requests use: the daemon's (from the <c>API-Version</c> header of <c>GET /_ping</c>, else
    /// <c>GET /version</c>) capped at this client's maximum. Asked once; a failed attempt is asked again next time.
    /// </summary>
    public async Task<Version> NegotiateApiVersionAsync(CancellationToken cancellationToken)
    {
        if (_apiVersion is { } known)
        {
            return known;
        }

        var server = _serverApiVersion
            ?? await PingForVersionAsync(cancellationToken).ConfigureAwait(false)
            ?? EngineApiVersion.TryParse((await ReadVersionAsync(null, cancellationToken).ConfigureAwait(false)).ApiVersion);
        if (server is null)
        {
            throw new DaemonException($"The daemon on {Endpoint} does not say which Engine API version it speaks; it may not be a Docker or Podman daemon.");
        }

        var chosen = EngineApiVersion.Negotiate(server, _maximumApiVersion);
        if (chosen < EngineApiVersion.Minimum)
        {
            throw new DaemonException(
                $"The daemon on {Endpoint} speaks Engine API {EngineApiVersion.Format(server)}, older than the {EngineApiVersion.Format(EngineApiVersion.Minimum)} this needs. Upgrade Docker (1.12 or later) or Podman.");
        }

        _apiVersion = chosen;
        return chosen;
    }

    /// <summary>
    /// Dials the daemon's unix socket now and sends later requests over that connection: for a process about to give up
    /// the privileges the socket needs (a lifecycle phase that starts as root and becomes the build user). Nothing
    /// happens for other endpoints, which need no privilege.
    /// </summary>
    /// <exception cref="DaemonUnreachableException">The socket cannot be dialled.</exception>
    public async Task HoldConnectionAsync(CancellationToken cancellationToken)
    {
        if (Endpoint.UnixSocketPath is not { } socket)
        {
            return;
        }

        try
        {
            await _held.HoldAsync(socket, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new DaemonUnreachableException(Endpoint, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _held.Dispose();
    }

    // Names of containers and volumes go in one path segment; IDs need no escaping, names might.
    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    // The daemon's router takes the image name as the rest of the path, slashes and all (as the docker CLI sends it);
    // only characters that would end or corrupt the path are refused, since no reference or ID contains them.
    private static string ImagePath(string image)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        if (image.AsSpan().IndexOfAny("?#% \\") >= 0 || image.Any(char.IsControl))
        {
            throw new ArgumentException($"'{image}' is not an image name or ID.", nameof(image));
        }

        return image;
    }

    private async Task<string> PathAsync(string path, CancellationToken cancellationToken) =>
        $"v{EngineApiVersion.Format(await NegotiateApiVersionAsync(cancellationToken).ConfigureAwait(false))}/{path}";

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            // The connection's own failure (the socket's words) says more than HttpClient's wrapping of it.
            throw new DaemonUnreachableException(Endpoint, ex.InnerException ?? ex);
        }
    }

    // A request with no body whose answer's body is not read: for the operations that only succeed or fail.
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, await PathAsync(path, cancellationToken).ConfigureAwait(false)) { Content = content };
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, string? image, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var error = await ErrorAnswer.ReadAsync(response, Endpoint, operation, cancellationToken).ConfigureAwait(false);
        if (image is not null && error.SaysImageIsMissing)
        {
            throw new DaemonImageNotFoundException(image, Endpoint, error);
        }

        throw error;
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, operation, null, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(body, type, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("the answer is null");
        }
        catch (JsonException ex)
        {
            throw new DaemonException($"The daemon on {Endpoint} answered {operation} with JSON this client cannot read: {ex.Message}", ex);
        }
    }

    // The body of a streamed answer (a save, a copy out), handed to the caller with the response it keeps open.
    private async Task<Stream> StreamBodyAsync(HttpResponseMessage response, string operation, string? image, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSuccessAsync(response, operation, image, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ResponseBodyStream(response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    // Removing what is already gone (404) is what was asked.
    private async Task DeleteAsync(string path, string operation, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, operation, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ByteArrayContent JsonBody<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
