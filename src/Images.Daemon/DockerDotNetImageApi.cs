using System.Net.Sockets;
using System.Text.Json;
using Buildpacks.Images.Stores.Daemon;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Buildpacks.Images.Daemon;

/// <summary>
/// The daemon store's Engine API operations over Docker.DotNet, for the platform: it already talks to the daemon
/// through a <see cref="DockerClient"/> (containers, volumes) and can share it. Not for the NativeAOT lifecycle:
/// Docker.DotNet rests on Newtonsoft.Json reflection; the lifecycle uses
/// <see cref="Buildpacks.Images.Stores.Daemon.EngineApi.EngineApiClient"/>.
/// </summary>
public sealed class DockerDotNetImageApi : IDaemonImageApi
{
    private readonly DockerClient _client;
    private readonly bool _ownsClient;

    /// <summary>A transport with its own client for <paramref name="endpoint"/>, disposed with it.</summary>
    public DockerDotNetImageApi(DaemonEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;

        // No client-wide timeout: loads and saves of big images take as long as they take; the store bounds short
        // requests itself (DaemonImageStoreOptions.RequestTimeout).
        _client = new DockerClientConfiguration(endpoint.Uri, null, Timeout.InfiniteTimeSpan).CreateClient();
        _ownsClient = true;
    }

    /// <summary>
    /// A transport over <paramref name="client"/>, shared with other work and left open when this is disposed.
    /// <paramref name="endpoint"/> is where the client points, named in errors.
    /// </summary>
    public DockerDotNetImageApi(DockerClient client, DaemonEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(endpoint);
        _client = client;
        Endpoint = endpoint;
    }

    /// <inheritdoc />
    public DaemonEndpoint Endpoint { get; }

    /// <inheritdoc />
    public Task<DaemonVersion> GetVersionAsync(CancellationToken cancellationToken) =>
        CallAsync("GET /version", null, async () =>
        {
            var version = await _client.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            return new DaemonVersion
            {
                Version = version.Version ?? string.Empty,
                ApiVersion = version.APIVersion ?? string.Empty,
                MinApiVersion = version.MinAPIVersion,
                Os = version.Os,
                Architecture = version.Arch,
            };
        });

    /// <inheritdoc />
    public async Task<DaemonImageDetails?> TryInspectImageAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("GET /images/{name}/json", image, async () =>
            {
                var inspect = await _client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
                return new DaemonImageDetails
                {
                    Id = inspect.ID,
                    RepoTags = inspect.RepoTags?.ToList() ?? [],
                    DiffIds = inspect.RootFS?.Layers?.ToList() ?? [],
                    Os = inspect.Os,
                    Architecture = inspect.Architecture,
                    Variant = inspect.Variant,
                };
            }).ConfigureAwait(false);
        }
        catch (DaemonImageNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<Stream> SaveImageAsync(string image, CancellationToken cancellationToken) =>
        CallAsync("GET /images/get", image, () => _client.Images.SaveImageAsync(image, cancellationToken));

    /// <inheritdoc />
    public Task<DaemonLoadOutcome> LoadImageAsync(Stream archive, CancellationToken cancellationToken) =>
        CallAsync("POST /images/load", null, async () =>
        {
            var messages = new LoadMessages();
            await _client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, archive, messages, cancellationToken).ConfigureAwait(false);
            return messages.ToOutcome();
        });

    /// <inheritdoc />
    public Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken) =>
        CallAsync("POST /images/{name}/tag", image, async () =>
        {
            await _client.Images.TagImageAsync(image, new ImageTagParameters { RepositoryName = repository, Tag = tag, Force = true }, cancellationToken).ConfigureAwait(false);
            return true;
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<DaemonImageSummary>> ListImagesAsync(CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<DaemonImageSummary>>("GET /images/json", null, async () =>
        {
            var images = await _client.Images.ListImagesAsync(new ImagesListParameters { All = false }, cancellationToken).ConfigureAwait(false);
            return images.Select(i => new DaemonImageSummary { Id = i.ID, RepoTags = i.RepoTags?.ToList() ?? [] }).ToList();
        });

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    // Docker.DotNet's own exceptions, turned into the ones every transport raises. A 404 about an image is a missing
    // image only where an image was named; elsewhere it is the daemon refusing the request.
    private async Task<T> CallAsync<T>(string operation, string? image, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            var (message, cause) = ErrorOf(ex);
            var refusal = new DaemonRequestException(Endpoint, operation, (int)ex.StatusCode, message, cause, ex);
            if (image is not null && refusal.SaysImageIsMissing)
            {
                throw new DaemonImageNotFoundException(image, Endpoint, refusal);
            }

            throw refusal;
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            throw new DaemonUnreachableException(Endpoint, ex);
        }
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is HttpRequestException or SocketException
        || (ex is IOException && ex.InnerException is SocketException)
        || (ex.InnerException is not null && ex.InnerException is SocketException or HttpRequestException);

    // The body of an error answer is {"message": "..."}; Podman adds "cause" (and "response").
    private static (string Message, string? Cause) ErrorOf(DockerApiException ex)
    {
        var body = ex.ResponseBody?.Trim();
        if (string.IsNullOrEmpty(body))
        {
            return (ex.Message, null);
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                var message = json.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var cause = json.RootElement.TryGetProperty("cause", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                return (string.IsNullOrWhiteSpace(message) ? body : message.Trim(), cause);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the best we have.
        }

        return (body, null);
    }

    // Synchronous, unlike Progress<T>, so no message arrives after the load call has returned.
    private sealed class LoadMessages : IProgress<JSONMessage>
    {
        private readonly object _gate = new();
        private readonly List<string> _messages = [];
        private string? _error;

        public void Report(JSONMessage value)
        {
            var error = value.Error?.Message ?? value.ErrorMessage;
            var text = (value.Stream ?? value.Status)?.Trim();
            lock (_gate)
            {
                if (!string.IsNullOrWhiteSpace(error))
                {
                    _error ??= error.Trim();
                }
                else if (!string.IsNullOrEmpty(text))
                {
                    _messages.Add(text);
                }
            }
        }

        public DaemonLoadOutcome ToOutcome()
        {
            lock (_gate)
            {
                return new DaemonLoadOutcome { Error = _error, Messages = [.. _messages] };
            }
        }
    }
}
