using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Buildpacks.Images.Stores.Daemon.EngineApi;

/// <summary>
/// The daemon's Engine API over plain <see cref="HttpClient"/>: the unix socket (or <c>tcp://</c>), the API version
/// negotiated on first use, source-generated JSON. Safe to compile NativeAOT, which the lifecycle's <c>-daemon</c>
/// export needs; the platform may use Docker.DotNet instead (<c>Buildpacks.Images.Daemon</c>).
/// </summary>
/// <remarks>
/// Failures are <see cref="DaemonException"/>s: <see cref="DaemonUnreachableException"/> when nothing answers on the
/// endpoint (it names the socket and says to start Docker or set <c>DOCKER_HOST</c>),
/// <see cref="DaemonImageNotFoundException"/> for a missing image where an image is required, and
/// <see cref="DaemonRequestException"/> with the daemon's message for any other error answer.
/// </remarks>
public sealed class EngineApiClient : IDaemonImageApi
{
    private readonly HttpClient _http;
    private readonly Version _maximumApiVersion;
    private Version? _apiVersion;

    /// <summary>
    /// A client for <paramref name="endpoint"/> that speaks at most <paramref name="maximumApiVersion"/> (default
    /// <see cref="EngineApiVersion.Maximum"/>). Nothing is sent until the first call.
    /// </summary>
    public EngineApiClient(DaemonEndpoint endpoint, Version? maximumApiVersion = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _maximumApiVersion = maximumApiVersion ?? EngineApiVersion.Maximum;
        _http = EngineApiConnection.Open(endpoint);
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

        var server = await PingAsync(cancellationToken).ConfigureAwait(false)
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

    /// <inheritdoc />
    public async Task<DaemonVersion> GetVersionAsync(CancellationToken cancellationToken)
    {
        var version = await NegotiateApiVersionAsync(cancellationToken).ConfigureAwait(false);
        var wire = await ReadVersionAsync(version, cancellationToken).ConfigureAwait(false);
        return new DaemonVersion
        {
            Version = wire.Version ?? string.Empty,
            ApiVersion = wire.ApiVersion ?? string.Empty,
            MinApiVersion = wire.MinApiVersion,
            Os = wire.Os,
            Architecture = wire.Arch,
        };
    }

    /// <inheritdoc />
    public async Task<DaemonImageDetails?> TryInspectImageAsync(string image, CancellationToken cancellationToken)
    {
        const string Operation = "GET /images/{name}/json";
        using var request = new HttpRequestMessage(HttpMethod.Get, await PathAsync($"images/{ImagePath(image)}/json", cancellationToken).ConfigureAwait(false));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var wire = await ReadJsonAsync(response, EngineApiJsonContext.Default.ImageInspectWire, Operation, cancellationToken).ConfigureAwait(false);
        return new DaemonImageDetails
        {
            Id = wire.Id ?? throw new DaemonException($"The daemon on {Endpoint} inspected {image} but gave no image ID."),
            RepoTags = wire.RepoTags ?? [],
            DiffIds = wire.RootFs?.Layers ?? [],
            Os = wire.Os,
            Architecture = wire.Architecture,
            Variant = wire.Variant,
        };
    }

    /// <inheritdoc />
    public async Task<Stream> SaveImageAsync(string image, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var path = await PathAsync("images/get?names=" + Uri.EscapeDataString(image), cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, "GET /images/get", image, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ResponseBodyStream(response, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<DaemonLoadOutcome> LoadImageAsync(Stream archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);

        // Quiet: one line per loaded image instead of a progress bar per layer. No length: the archive is generated
        // as it is sent, so the body goes chunked.
        var content = new StreamContent(archive, 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var request = new HttpRequestMessage(HttpMethod.Post, await PathAsync("images/load?quiet=1", cancellationToken).ConfigureAwait(false)) { Content = content };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "POST /images/load", null, cancellationToken).ConfigureAwait(false);
        await using var answer = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await LoadAnswerReader.ReadAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var path = await PathAsync($"images/{ImagePath(image)}/tag?repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}", cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "POST /images/{name}/tag", image, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DaemonImageSummary>> ListImagesAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, await PathAsync("images/json", cancellationToken).ConfigureAwait(false));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var images = await ReadJsonAsync(response, EngineApiJsonContext.Default.ListImageSummaryWire, "GET /images/json", cancellationToken).ConfigureAwait(false);
        return images
            .Where(i => i.Id is not null)
            .Select(i => new DaemonImageSummary { Id = i.Id!, RepoTags = i.RepoTags ?? [] })
            .ToList();
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

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

    private async Task<Version?> PingAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "_ping");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "GET /_ping", null, cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("API-Version", out var values) ? EngineApiVersion.TryParse(values.FirstOrDefault()) : null;
    }

    private async Task<VersionWire> ReadVersionAsync(Version? version, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, version is null ? "version" : $"v{EngineApiVersion.Format(version)}/version");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, EngineApiJsonContext.Default.VersionWire, "GET /version", cancellationToken).ConfigureAwait(false);
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
}
