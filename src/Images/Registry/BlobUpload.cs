using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Registry;

/// <summary>How a blob's bytes go to the registry after the upload session is opened.</summary>
internal enum BlobUploadMode
{
    /// <summary>One PUT <c>?digest=</c> with the whole body: one request less, for the small blobs.</summary>
    Monolithic,

    /// <summary>
    /// One PATCH with the whole body and no <c>Content-Range</c>, then an empty PUT <c>?digest=</c>: what
    /// go-containerregistry (so pack and the reference lifecycle) does for every blob, and the form every registry takes
    /// (Artifact Registry refuses ranged chunks, GHCR caps them at 4 MiB, ECR answers a chunk with 201).
    /// </summary>
    Streamed,

    /// <summary>PATCHes of <see cref="RegistrySettings.ChunkSize"/> with <c>Content-Range</c>, then an empty PUT: only when asked for.</summary>
    Chunked,
}

/// <summary>
/// One attempt at pushing a blob (OCI Distribution spec, "Pushing blobs"): open a session with POST, send the body as
/// <see cref="BlobUploadMode"/> says, to the Location each answer gives, and close with PUT <c>?digest=</c>. The
/// registry checks the digest; any failure ends the attempt, and the caller's retry starts a new session from the
/// first byte.
/// </summary>
internal sealed class BlobUpload
{
    // A PATCH is answered 202 by the spec, 204 by some registries and 201 by ECR (the SDK and go-containerregistry take all three).
    private static readonly HttpStatusCode[] PatchAccepted = [HttpStatusCode.Accepted, HttpStatusCode.NoContent, HttpStatusCode.Created];

    private readonly RegistryClient _client;
    private readonly string _repository;
    private readonly Descriptor _blob;
    private readonly BlobUploadMode _mode;
    private readonly IReadOnlyList<RegistryScope> _scopes;

    public BlobUpload(RegistryClient client, string repository, Descriptor blob, BlobUploadMode mode)
    {
        _client = client;
        _repository = repository;
        _blob = blob;
        _mode = mode;
        _scopes = [RegistryScope.PullPush(repository)];
    }

    public async Task RunAsync(Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        var (location, minimumChunk) = await StartAsync(cancellationToken).ConfigureAwait(false);
        await using var content = await open(cancellationToken).ConfigureAwait(false);
        switch (_mode)
        {
            case BlobUploadMode.Chunked:
                location = await PatchChunksAsync(location, content, minimumChunk, cancellationToken).ConfigureAwait(false);
                await FinishAsync(location, null, cancellationToken).ConfigureAwait(false);
                break;
            case BlobUploadMode.Streamed:
                location = await PatchWholeAsync(location, content, cancellationToken).ConfigureAwait(false);
                await FinishAsync(location, null, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await FinishAsync(location, content, cancellationToken).ConfigureAwait(false);
                break;
        }

        var how = _mode == BlobUploadMode.Monolithic ? string.Empty : $", {_mode.ToString().ToLowerInvariant()}";
        _client.Log.Write(ImageLogLevel.Information, $"Pushed blob {_blob.Digest} ({_blob.Size} bytes{how}) to {RegistryException.Name(_client.Registry, _repository)}");
    }

    // The blob's bytes as a request body, counted as they go (none: the empty body of a closing PUT).
    private HttpContent Body(Stream? content)
    {
        HttpContent body = content is null
            ? new ByteArrayContent([])
            : new StreamContent(new CountingStream(content, _client.Statistics.AddUploaded), 81920);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = content is null ? 0 : _blob.Size;
        return body;
    }

    private async Task<Uri> PatchWholeAsync(Uri location, Stream content, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(
            HttpMethod.Patch,
            location.AbsoluteUri,
            _scopes,
            _repository,
            cancellationToken,
            content: () => Body(content),
            canResend: false).ConfigureAwait(false);
        await _client.EnsureAsync(response, _repository, $"upload blob {_blob.Digest}", cancellationToken, PatchAccepted).ConfigureAwait(false);
        return _client.LocationOf(response, _repository);
    }

    private async Task<(Uri Location, long MinimumChunk)> StartAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(
            HttpMethod.Post,
            $"v2/{_repository}/blobs/uploads/",
            _scopes,
            _repository,
            cancellationToken,
            content: () => new ByteArrayContent([]),
            canResend: true).ConfigureAwait(false);
        await _client.EnsureAsync(response, _repository, $"start the upload of blob {_blob.Digest}", cancellationToken, HttpStatusCode.Accepted).ConfigureAwait(false);
        var minimum = response.Headers.TryGetValues("OCI-Chunk-Min-Length", out var values) && long.TryParse(values.FirstOrDefault(), out var parsed) ? parsed : 0;
        return (_client.LocationOf(response, _repository), minimum);
    }

    private async Task<Uri> PatchChunksAsync(Uri location, Stream content, long minimumChunk, CancellationToken cancellationToken)
    {
        var chunkSize = (int)Math.Max(_client.Settings.ChunkSize, Math.Min(minimumChunk, int.MaxValue));
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            long offset = 0;
            while (true)
            {
                var filled = await FillAsync(content, buffer, chunkSize, cancellationToken).ConfigureAwait(false);
                if (filled == 0)
                {
                    break;
                }

                var start = offset;
                var chunk = new ReadOnlyMemory<byte>(buffer, 0, filled);
                using var response = await _client.SendAsync(
                    HttpMethod.Patch,
                    location.AbsoluteUri,
                    _scopes,
                    _repository,
                    cancellationToken,
                    content: () =>
                    {
                        var body = new ReadOnlyMemoryContent(chunk);
                        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                        body.Headers.ContentLength = filled;
                        body.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + filled - 1}");
                        return body;
                    },
                    canResend: true).ConfigureAwait(false);
                await _client.EnsureAsync(response, _repository, $"upload a chunk of blob {_blob.Digest}", cancellationToken, PatchAccepted).ConfigureAwait(false);
                _client.Statistics.AddUploaded(filled);
                offset += filled;

                // Each answer names where the next chunk goes; it may differ from the last (state in the query).
                location = _client.LocationOf(response, _repository);
            }

            if (offset != _blob.Size)
            {
                throw new ImageException($"The content of blob {_blob.Digest} has {offset} bytes where its descriptor declares {_blob.Size}; the layer file changed or its descriptor is wrong.");
            }

            return location;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task FinishAsync(Uri location, Stream? content, CancellationToken cancellationToken)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        // AbsoluteUri keeps the registry's escaping of its upload state (ToString would unescape it).
        var target = $"{location.AbsoluteUri}{separator}digest={Uri.EscapeDataString(_blob.Digest.ToString())}";
        using var response = await _client.SendAsync(
            HttpMethod.Put,
            target,
            _scopes,
            _repository,
            cancellationToken,
            content: () => Body(content),
            canResend: content is null).ConfigureAwait(false);
        await _client.EnsureAsync(response, _repository, $"complete the upload of blob {_blob.Digest}", cancellationToken, HttpStatusCode.Created).ConfigureAwait(false);
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < count)
        {
            var n = await content.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }
}
