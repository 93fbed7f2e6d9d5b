using System.Collections.Concurrent;

namespace Buildpacks.Images.Registry;

/// <summary>
/// Counters of what a registry client did, readable at any time (tests assert on them; progress output may too).
/// Thread-safe: transfers update them in parallel.
/// </summary>
public sealed class RegistryStatistics
{
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private long _bytesUploaded;
    private long _bytesDownloaded;
    private long _blobsUploaded;
    private long _blobsMounted;
    private long _blobsSkipped;
    private long _retries;
    private long _tokenRequests;

    /// <summary>Requests sent by HTTP method (every attempt counts).</summary>
    public IReadOnlyDictionary<string, long> RequestsByMethod => new Dictionary<string, long>(_requests);

    /// <summary>Requests sent with <paramref name="method"/>.</summary>
    public long Requests(HttpMethod method) => _requests.TryGetValue(method.Method, out var n) ? n : 0;

    /// <summary>Blob bytes sent to registries (every attempt counts).</summary>
    public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);

    /// <summary>Blob bytes received from registries.</summary>
    public long BytesDownloaded => Interlocked.Read(ref _bytesDownloaded);

    /// <summary>Blobs whose upload completed.</summary>
    public long BlobsUploaded => Interlocked.Read(ref _blobsUploaded);

    /// <summary>Blobs mounted from another repository.</summary>
    public long BlobsMounted => Interlocked.Read(ref _blobsMounted);

    /// <summary>Blobs not sent because the registry already had them.</summary>
    public long BlobsSkipped => Interlocked.Read(ref _blobsSkipped);

    /// <summary>Retries after transient failures (429, 5xx, resets, timeouts).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Requests made to token services.</summary>
    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    internal void CountRequest(HttpMethod method) => _requests.AddOrUpdate(method.Method, 1, (_, n) => n + 1);

    internal void AddUploaded(long bytes) => Interlocked.Add(ref _bytesUploaded, bytes);

    internal void AddDownloaded(long bytes) => Interlocked.Add(ref _bytesDownloaded, bytes);

    internal void CountUploadedBlob() => Interlocked.Increment(ref _blobsUploaded);

    internal void CountMountedBlob() => Interlocked.Increment(ref _blobsMounted);

    internal void CountSkippedBlob() => Interlocked.Increment(ref _blobsSkipped);

    internal void CountRetry() => Interlocked.Increment(ref _retries);

    internal void CountTokenRequest() => Interlocked.Increment(ref _tokenRequests);
}
