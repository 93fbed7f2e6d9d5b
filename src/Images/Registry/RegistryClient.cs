using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using System.Text.Json;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry.Json;
using Buildpacks.Images.Stores;
using Polly;

namespace Buildpacks.Images.Registry;

/// <summary>
/// A client of one registry's OCI Distribution API (/v2/). It authenticates as the registry's challenge asks, retries
/// what is safe to retry, verifies every blob it downloads, bounds parallel transfers, and counts what it does in
/// <see cref="Statistics"/>. Plain HTTP is used only for loopback registries and those listed as insecure.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private const int MaxManifestBytes = 4 * 1024 * 1024;
    private const int MaxErrorBodyBytes = 4096;
    private readonly RegistrySettings _settings;
    private readonly HttpClient _http;
    private readonly SecretRedactor _log;
    private readonly RegistryAuthenticator _auth;
    private readonly ResiliencePipeline _retry;
    private readonly SemaphoreSlim _transfers;
    private readonly SemaphoreSlim _pingLock = new(1, 1);
    private readonly RegistryReadMemo _memo = new();
    private readonly string _host;
    private readonly bool _mayUseHttp;
    private Uri? _baseUri;

    /// <summary>Creates a client of <paramref name="registry"/> (host[:port]; <c>docker.io</c> means Docker Hub).</summary>
    public RegistryClient(string registry, RegistrySettings? settings = null, RegistryStatistics? statistics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        Registry = registry;
        _settings = settings ?? new RegistrySettings();
        Statistics = statistics ?? new RegistryStatistics();
        _log = new SecretRedactor(_settings.Log);
        _host = registry == ImageReference.DockerHub ? "registry-1.docker.io" : registry;
        // Like Docker, a loopback registry counts as insecure: it may use a self-signed certificate or plain HTTP.
        var insecure = ImageReference.IsLoopbackHost(registry)
            || _settings.InsecureRegistries.Any(r => string.Equals(r, registry, StringComparison.OrdinalIgnoreCase));
        // A registry at a private (RFC 1918) address may answer in plain HTTP too, as go-containerregistry allows it
        // (name.Registry.Scheme): HTTPS is tried first, with its certificate checked.
        _mayUseHttp = insecure || IsPrivateNetworkAddress(registry);
        _http = new HttpClient(CreateHandler(insecure ? HostOf(registry) : null), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_settings.UserAgent);
        _auth = new RegistryAuthenticator(registry, _settings, _log, new TokenServiceClient(_http, Statistics, _log, registry, _settings.RequestTimeout));
        _retry = RetryPipeline.Create(_settings, Statistics, _log);
        _transfers = new SemaphoreSlim(Math.Max(1, _settings.MaxParallelTransfers));
    }

    /// <summary>The registry this client talks to.</summary>
    public string Registry { get; }

    /// <summary>What this client (and any sharing its statistics) has done.</summary>
    public RegistryStatistics Statistics { get; }

    internal RegistrySettings Settings => _settings;

    internal IImageLog Log => _log;

    /// <summary>Whether the repository holds the blob (HEAD, unless this client already knows it does).</summary>
    public Task<bool> BlobExistsAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
        _memo.IsPresent(repository, digest)
            ? Task.FromResult(true)
            : RunAsync($"check blob {digest}", repository, async token =>
            {
                using var response = await SendAsync(HttpMethod.Head, $"v2/{repository}/blobs/{digest}", [RegistryScope.Pull(repository)], repository, token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                await EnsureAsync(response, repository, $"check blob {digest}", token, HttpStatusCode.OK).ConfigureAwait(false);
                _memo.NotePresent(repository, digest);
                return true;
            }, cancellationToken);

    /// <summary>
    /// Notes that <paramref name="repository"/> holds these blobs, because a manifest this client read there references
    /// them (a registry accepts a manifest only when its blobs are in the repository): a later write does not ask again.
    /// </summary>
    public void NoteBlobsPresent(string repository, IEnumerable<Digest> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        foreach (var digest in digests)
        {
            _memo.NotePresent(repository, digest);
        }
    }

    /// <summary>
    /// Opens a blob for reading. The stream verifies digest and size as it goes and throws
    /// <see cref="BlobDigestMismatchException"/> at its end if the bytes are not what <paramref name="blob"/> says.
    /// </summary>
    public Task<Stream> OpenBlobAsync(string repository, Descriptor blob, CancellationToken cancellationToken) =>
        RunAsync($"download blob {blob.Digest}", repository, async token =>
        {
            var response = await SendAsync(HttpMethod.Get, $"v2/{repository}/blobs/{blob.Digest}", [RegistryScope.Pull(repository)], repository, token, streamResponse: true).ConfigureAwait(false);
            try
            {
                await EnsureAsync(response, repository, $"download blob {blob.Digest}", token, HttpStatusCode.OK).ConfigureAwait(false);
                _memo.NotePresent(repository, blob.Digest);
                var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                return (Stream)new DigestVerifyingStream(new CountingStream(body, Statistics.AddDownloaded), blob.Digest, blob.Size, $"{RegistryException.Name(Registry, repository)}");
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }, cancellationToken);

    /// <summary>
    /// Reads a small blob (a config) whole, verified; retried as a whole when the transfer breaks. A blob this client
    /// read before is not read again.
    /// </summary>
    public Task<byte[]> ReadBlobAsync(string repository, Descriptor blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Size > MaxManifestBytes * 4L)
        {
            throw new ImageFormatException($"The blob {blob.Digest} of {RegistryException.Name(Registry, repository)} declares {blob.Size} bytes, too large to read into memory; open it as a stream.");
        }

        if (_memo.Blob(repository, blob.Digest) is { } known && known.Length == blob.Size)
        {
            return Task.FromResult(known);
        }

        return RunAsync($"download blob {blob.Digest}", repository, async token =>
        {
            using var response = await SendAsync(HttpMethod.Get, $"v2/{repository}/blobs/{blob.Digest}", [RegistryScope.Pull(repository)], repository, token, streamResponse: true).ConfigureAwait(false);
            await EnsureAsync(response, repository, $"download blob {blob.Digest}", token, HttpStatusCode.OK).ConfigureAwait(false);
            await using var stream = new DigestVerifyingStream(
                new CountingStream(await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false), Statistics.AddDownloaded),
                blob.Digest,
                blob.Size,
                RegistryException.Name(Registry, repository));
            var buffer = new MemoryStream((int)blob.Size);
            await stream.CopyToAsync(buffer, token).ConfigureAwait(false);
            var bytes = buffer.ToArray();
            _memo.KeepBlob(repository, blob.Digest, bytes);
            return bytes;
        }, cancellationToken);
    }

    /// <summary>
    /// Asks the registry to mount a blob of <paramref name="fromRepository"/> into <paramref name="repository"/> (both
    /// in this registry). Returns false when it would not (it then offered an upload session, which is cancelled).
    /// </summary>
    public Task<bool> TryMountBlobAsync(string repository, Digest digest, string fromRepository, CancellationToken cancellationToken) =>
        RunAsync($"mount blob {digest} from {fromRepository}", repository, async token =>
        {
            var target = $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(fromRepository)}";
            using var response = await SendAsync(HttpMethod.Post, target, [RegistryScope.PullPush(repository), RegistryScope.Pull(fromRepository)], repository, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                Statistics.CountMountedBlob();
                _memo.NotePresent(repository, digest);
                return true;
            }

            await EnsureAsync(response, repository, $"mount blob {digest}", token, HttpStatusCode.Accepted).ConfigureAwait(false);
            await CancelUploadAsync(response, repository, token).ConfigureAwait(false);
            return false;
        }, cancellationToken);

    /// <summary>
    /// Uploads a blob: in one PUT when small, else streamed in one PATCH (<see cref="RegistrySettings.StreamedUploadThreshold"/>),
    /// or in ranged chunks when <see cref="RegistrySettings.ForceChunkedUpload"/> asks for them. A failed upload is
    /// restarted from scratch with a fresh session, re-opening the content through <paramref name="open"/>.
    /// </summary>
    public Task UploadBlobAsync(string repository, Descriptor blob, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        var mode = _settings.ForceChunkedUpload ? BlobUploadMode.Chunked
            : blob.Size >= _settings.StreamedUploadThreshold ? BlobUploadMode.Streamed
            : BlobUploadMode.Monolithic;
        return RunAsync($"upload blob {blob.Digest}", repository, async token =>
        {
            await new BlobUpload(this, repository, blob, mode).RunAsync(open, token).ConfigureAwait(false);
            Statistics.CountUploadedBlob();
            _memo.NotePresent(repository, blob.Digest);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Reads a manifest or index by tag or digest, exactly as stored. Returns null when the registry has no such
    /// manifest (or repository). A manifest fetched by digest is verified against it; one this client read (or wrote)
    /// before is not read again by its digest. A tag is read every time.
    /// </summary>
    public Task<RegistryManifest?> TryGetManifestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        _memo.Manifest(repository, reference) is { } known
            ? Task.FromResult<RegistryManifest?>(known)
            : ReadManifestAsync(repository, reference, cancellationToken);

    private Task<RegistryManifest?> ReadManifestAsync(string repository, string reference, CancellationToken cancellationToken) =>
        RunAsync($"read manifest {reference}", repository, async token =>
        {
            using var response = await SendManifestRequestAsync(HttpMethod.Get, repository, reference, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureAsync(response, repository, $"read manifest {reference}", token, HttpStatusCode.OK).ConfigureAwait(false);
            var source = $"{RegistryException.Name(Registry, repository)}:{reference}";
            var bytes = await ReadLimitedAsync(response, MaxManifestBytes, source, token).ConfigureAwait(false);
            var digest = Digest.Compute(bytes);
            if (Digest.TryParse(reference, out var pinned) && pinned != digest)
            {
                throw new BlobDigestMismatchException(source, pinned, digest);
            }

            var mediaType = ImageJson.DetectMediaType(bytes, response.Content.Headers.ContentType?.MediaType, source);
            var manifest = new RegistryManifest(bytes, mediaType, digest);
            _memo.KeepManifest(repository, manifest);
            return (RegistryManifest?)manifest;
        }, cancellationToken);

    /// <summary>
    /// The digest a tag (or digest) resolves to, an index's for a multi-platform image, asked with one HEAD request
    /// (OCI distribution spec, "Checking if content exists"): the <c>Docker-Content-Digest</c> header, or the digest of
    /// the manifest read whole when a registry leaves the header out. Null when the registry has no such manifest.
    /// </summary>
    public async Task<Digest?> TryGetManifestDigestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var (found, digest) = await RunAsync($"resolve {reference}", repository, async token =>
        {
            using var response = await SendManifestRequestAsync(HttpMethod.Head, repository, reference, token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (false, (Digest?)null);
            }

            await EnsureAsync(response, repository, $"resolve {reference}", token, HttpStatusCode.OK).ConfigureAwait(false);
            return response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var header)
                ? (true, header)
                : (true, (Digest?)null);
        }, cancellationToken).ConfigureAwait(false);

        return !found ? null : digest ?? (await TryGetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false))?.Digest;
    }

    // A GET or HEAD of a manifest by tag or digest, pulling, accepting every manifest and index type we read.
    private Task<HttpResponseMessage> SendManifestRequestAsync(HttpMethod method, string repository, string reference, CancellationToken cancellationToken) =>
        SendAsync(method, $"v2/{repository}/manifests/{reference}", [RegistryScope.Pull(repository)], repository, cancellationToken, configure: AcceptManifests);

    // Every manifest and index type we read, so a registry answers with the stored manifest as it is.
    private static void AcceptManifests(HttpRequestMessage request)
    {
        foreach (var type in MediaTypes.AcceptedManifests)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
    }

    /// <summary>Stores a manifest or index under a tag or its digest; returns its digest.</summary>
    public Task<Digest> PutManifestAsync(string repository, string reference, ReadOnlyMemory<byte> manifest, string mediaType, CancellationToken cancellationToken) =>
        RunAsync($"write manifest {reference}", repository, async token =>
        {
            var bytes = manifest.ToArray();
            using var response = await SendAsync(
                HttpMethod.Put,
                $"v2/{repository}/manifests/{reference}",
                [RegistryScope.PullPush(repository)],
                repository,
                token,
                content: () =>
                {
                    var content = new ByteArrayContent(bytes);
                    content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                    return content;
                },
                canResend: true).ConfigureAwait(false);
            await EnsureAsync(response, repository, $"write manifest {reference}", token, HttpStatusCode.Created, HttpStatusCode.OK).ConfigureAwait(false);
            var digest = Digest.Compute(bytes);
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
                && Digest.TryParse(values.FirstOrDefault(), out var stored) && stored != digest)
            {
                throw new RegistryRequestException(Registry, repository, response.StatusCode, $"The registry {Registry} stored the manifest {reference} of {RegistryException.Name(Registry, repository)} as {stored}, not as the {digest} we sent: it rewrote the manifest. Use a registry that stores manifests as given.");
            }

            _memo.KeepManifest(repository, new RegistryManifest(bytes, mediaType, digest));
            return digest;
        }, cancellationToken);

    /// <summary>All tags of a repository, following the registry's pagination (Link headers); empty when it has none.</summary>
    public Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken) =>
        RunAsync($"list tags", repository, async token =>
        {
            var tags = new List<string>();
            string? next = $"v2/{repository}/tags/list?n={_settings.TagPageSize}";
            while (next is not null)
            {
                using var response = await SendAsync(HttpMethod.Get, next, [RegistryScope.Pull(repository)], repository, token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    break;
                }

                await EnsureAsync(response, repository, "list tags", token, HttpStatusCode.OK).ConfigureAwait(false);
                var page = JsonSerializer.Deserialize(
                    await ReadLimitedAsync(response, MaxManifestBytes, RegistryException.Name(Registry, repository), token).ConfigureAwait(false),
                    RegistryJsonContext.Default.TagList);
                tags.AddRange(page?.Tags ?? []);
                next = NextPage(response);
            }

            return (IReadOnlyList<string>)tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _transfers.Dispose();
        _pingLock.Dispose();
    }

    /// <summary>Runs <paramref name="transfer"/> in one of the bounded transfer slots of this registry.</summary>
    internal async Task InTransferSlotAsync(Func<Task> transfer, CancellationToken cancellationToken)
    {
        await _transfers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await transfer().ConfigureAwait(false);
        }
        finally
        {
            _transfers.Release();
        }
    }

    /// <summary>
    /// Sends one request with the Authorization its scopes need. On a 401 the challenge is read, a fresh token fetched
    /// and the request sent once more (or, when its body cannot be re-sent, the enclosing operation retried). 401/403
    /// after that is a <see cref="RegistryAuthenticationException"/>; 429/5xx a transient failure for the retry pipeline.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string target,
        IReadOnlyList<RegistryScope> scopes,
        string? repository,
        CancellationToken cancellationToken,
        Func<HttpContent>? content = null,
        bool canResend = false,
        Action<HttpRequestMessage>? configure = null,
        bool streamResponse = false)
    {
        var baseUri = await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var uri = Uri.TryCreate(target, UriKind.Absolute, out var absolute) ? absolute : new Uri(baseUri, target);

        // The registry's credentials go to the registry only: an upload Location or a Link on another host (storage,
        // a CDN) gets the request without them, and its challenge is not the registry's (go-containerregistry's
        // bearer transport matches the host the same way).
        var toRegistry = IsSameServer(uri, baseUri);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Content = content?.Invoke();
            configure?.Invoke(request);
            if (toRegistry)
            {
                await _auth.ApplyAsync(request, scopes, repository, cancellationToken).ConfigureAwait(false);
            }

            var response = await SendRawAsync(request, streamResponse, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0 && toRegistry && _auth.Observe(response, scopes))
            {
                response.Dispose();
                if (content is not null && !canResend)
                {
                    throw new TransientRegistryException(HttpStatusCode.Unauthorized, TimeSpan.Zero, $"the registry asked to authenticate again during {method} {SecretRedactor.Url(uri)}");
                }

                continue;
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                using (response)
                {
                    throw await AuthenticationFailureAsync(response, repository, scopes, cancellationToken).ConfigureAwait(false);
                }
            }

            if (TransientRegistryException.IsTransient(response.StatusCode))
            {
                using (response)
                {
                    var detail = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                    throw new TransientRegistryException(response.StatusCode, TransientRegistryException.RetryAfterOf(response), $"{method} {SecretRedactor.Url(uri)} answered {(int)response.StatusCode} {response.ReasonPhrase}{detail}");
                }
            }

            return response;
        }
    }

    // Scheme, host and port (a default port written or not): what a credential is for.
    private static bool IsSameServer(Uri uri, Uri registry) =>
        Uri.Compare(uri, registry, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Throws a <see cref="RegistryRequestException"/> (with the registry's error codes) unless the status is expected.</summary>
    internal async Task EnsureAsync(HttpResponseMessage response, string? repository, string what, CancellationToken cancellationToken, params HttpStatusCode[] expected)
    {
        if (expected.Contains(response.StatusCode))
        {
            return;
        }

        var detail = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var name = RegistryException.Name(Registry, repository);
        throw new RegistryRequestException(
            Registry,
            repository,
            response.StatusCode,
            response.StatusCode == HttpStatusCode.NotFound
                ? $"Could not {what} at {name}: the registry does not have it (404{detail}). Check the image name and that it was pushed to this registry."
                : $"Could not {what} at {name}: the registry answered {(int)response.StatusCode} {response.ReasonPhrase}{detail}. Check the registry's logs and that it supports the OCI Distribution API.");
    }

    /// <summary>The absolute URL of a response's Location header (registries may send it relative).</summary>
    internal Uri LocationOf(HttpResponseMessage response, string? repository)
    {
        var location = response.Headers.Location
            ?? throw new RegistryRequestException(Registry, repository, response.StatusCode, $"The registry {Registry} started an upload to {RegistryException.Name(Registry, repository)} without a Location header; it does not follow the OCI Distribution API.");
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage?.RequestUri ?? _baseUri!, location);
    }

    /// <summary>Cancels an upload session the registry opened (best effort: an abandoned session expires anyway).</summary>
    internal async Task CancelUploadAsync(HttpResponseMessage started, string repository, CancellationToken cancellationToken)
    {
        if (started.Headers.Location is null)
        {
            return;
        }

        try
        {
            using var _ = await SendAsync(HttpMethod.Delete, LocationOf(started, repository).AbsoluteUri, [RegistryScope.PullPush(repository)], repository, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RegistryException or TransientRegistryException or HttpRequestException or IOException)
        {
            _log.Write(ImageLogLevel.Debug, $"Could not cancel an upload session at {Registry}: {RetryPipeline.Describe(ex)}");
        }
    }

    private async Task<T> RunAsync<T>(string what, string? repository, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        var name = RegistryException.Name(Registry, repository);
        try
        {
            return await _retry.ExecuteAsync(async token => await operation(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TransientRegistryException ex)
        {
            throw new RegistryRequestException(Registry, repository, ex.StatusCode, $"Could not {what} at {name} after {_settings.MaxAttempts} attempts: {ex.Message}. The registry is overloaded or failing; try again later.");
        }
        catch (Exception ex) when (RetryPipeline.CauseOf(ex) is { } cause)
        {
            // Our own error surfaced through the HTTP stack (e.g. a source blob failing its digest while being
            // uploaded): report it as itself.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var attempts = RetryPipeline.IsTransient(ex, cancellationToken) ? $" after {_settings.MaxAttempts} attempts" : string.Empty;
            throw new RegistryRequestException(Registry, repository, null, $"Could not {what} at {name}{attempts}: {RetryPipeline.Describe(ex)}. Check that the registry is running and reachable from here (and the HTTPS_PROXY/NO_PROXY settings), and whether it needs to be listed as an insecure registry.", ex);
        }
    }

    private async Task<Uri> EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_baseUri is { } known)
        {
            return known;
        }

        await _pingLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_baseUri is { } again)
            {
                return again;
            }

            // GET /v2/ tells whether the API is there and how it wants to be authenticated, before any real request.
            var chosen = new Uri($"https://{_host}/");
            HttpResponseMessage response;
            try
            {
                using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(chosen, "v2/"));
                response = await SendRawAsync(probe, false, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (_mayUseHttp)
            {
                _log.Write(ImageLogLevel.Debug, $"HTTPS to {Registry} failed ({RetryPipeline.Describe(ex)}); using plain HTTP, as the registry is loopback, on a private network or listed as insecure");
                chosen = new Uri($"http://{_host}/");
                using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(chosen, "v2/"));
                response = await SendRawAsync(probe, false, cancellationToken).ConfigureAwait(false);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    _auth.Observe(response, []);
                }
                else if (TransientRegistryException.IsTransient(response.StatusCode))
                {
                    throw new TransientRegistryException(response.StatusCode, TransientRegistryException.RetryAfterOf(response), $"GET {chosen}v2/ answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }
            }

            _baseUri = chosen;
            return chosen;
        }
        finally
        {
            _pingLock.Release();
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, bool streamResponse, CancellationToken cancellationToken)
    {
        Statistics.CountRequest(request.Method);
        _log.Write(ImageLogLevel.Debug, $"{request.Method} {SecretRedactor.Url(request.RequestUri!)}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.RequestTimeout);
        if (request.Content is { Headers.ContentLength: > 0 } body)
        {
            // The timeout bounds a stall: each write of the body starts it again.
            request.Content = new ProgressReportingContent(body, () => RestartQuietly(timeout, _settings.RequestTimeout));
        }

        try
        {
            return await _http.SendAsync(request, streamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {SecretRedactor.Url(request.RequestUri!)} got no answer, and took none of its body, for {_settings.RequestTimeout.TotalSeconds:0} s");
        }
    }

    // A body's last writes can come after the answer (a registry that refuses early): the timeout is gone by then.
    private static void RestartQuietly(CancellationTokenSource timeout, TimeSpan after)
    {
        try
        {
            timeout.CancelAfter(after);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task<RegistryAuthenticationException> AuthenticationFailureAsync(HttpResponseMessage response, string? repository, IReadOnlyList<RegistryScope> scopes, CancellationToken cancellationToken)
    {
        var detail = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var name = RegistryException.Name(Registry, repository);
        var access = scopes.Any(s => s.Actions.Contains("push")) ? "push to" : "pull from";
        var credential = await _auth.GetCredentialAsync(cancellationToken).ConfigureAwait(false);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}{detail}";
        return new RegistryAuthenticationException(
            Registry,
            repository,
            credential is null
                ? $"The registry {Registry} requires authentication to {access} {name} ({status}), and no credentials for it were found in {_auth.CredentialSources()}. {RegistryAuthenticationException.Advice(Registry)}"
                : $"The registry {Registry} refused to let us {access} {name} ({status}) with the credentials found for it ({credential}): they are wrong or lack access to this repository. {RegistryAuthenticationException.Advice(Registry)}");
    }

    private async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await ReadLimitedAsync(response, MaxErrorBodyBytes, Registry, cancellationToken, truncate: true).ConfigureAwait(false);
            var errors = JsonSerializer.Deserialize(bytes, RegistryJsonContext.Default.RegistryErrors)?.Errors;
            return errors is { Count: > 0 }
                ? ": " + _log.Redact(string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}")))
                : string.Empty;
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException or ImageFormatException)
        {
            return string.Empty;
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, int limit, string source, CancellationToken cancellationToken, bool truncate = false)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int n;
        while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                if (truncate)
                {
                    break;
                }

                throw new ImageFormatException($"The document from {source} is larger than {limit} bytes, which no manifest may be.");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    // Link: </v2/name/tags/list?last=x&n=100>; rel="next"
    private static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var open = link.IndexOf('<', StringComparison.Ordinal);
            var close = link.IndexOf('>', StringComparison.Ordinal);
            if (open >= 0 && close > open && link[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                return link[(open + 1)..close].TrimStart('/');
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="registry"/> (host[:port]) is an IPv4 address of a private network (10/8, 172.16/12, 192.168/16).</summary>
    internal static bool IsPrivateNetworkAddress(string registry)
    {
        var colon = registry.LastIndexOf(':');
        var host = colon > 0 && registry.IndexOf(':', StringComparison.Ordinal) == colon ? registry[..colon] : registry;
        if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || host.Count(c => c == '.') != 3)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        return bytes[0] == 10 || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31) || (bytes[0] == 192 && bytes[1] == 168);
    }

    private static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            return registry[1..registry.IndexOf(']', StringComparison.Ordinal)];
        }

        var colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }

    private static SocketsHttpHandler CreateHandler(string? insecureHost)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,

            // Blob GETs may redirect to storage; the handler drops Authorization on redirects, as it must.
            AllowAutoRedirect = true,
        };

        // A proxy set in the environment is chosen as the docker CLI, pack and the lifecycle choose it; without one, the
        // runtime's default (the system's proxy settings on Windows and macOS) stays.
        var proxy = new EnvironmentProxy(Environment.GetEnvironmentVariable);
        if (proxy.IsConfigured)
        {
            handler.Proxy = proxy;
            handler.UseProxy = true;
        }
        if (insecureHost is not null)
        {
            // An insecure registry's certificate is not checked, but only for that host: a token service or storage
            // redirect elsewhere is still verified.
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                errors == SslPolicyErrors.None
                || (sender is SslStream stream && string.Equals(stream.TargetHostName, insecureHost, StringComparison.OrdinalIgnoreCase));
        }

        return handler;
    }
}
