using Buildpacks.Images.Registry.Credentials;

namespace Buildpacks.Images.Registry;

/// <summary>
/// How the registry client behaves. Immutable; the defaults suit real registries, and tests turn the knobs
/// (chunked uploads, short retry delays) explicitly rather than through environment variables.
/// </summary>
public sealed record RegistrySettings
{
    /// <summary>
    /// Credentials given by the caller, by registry host (Docker Hub may be written with any of its aliases). They win
    /// over config.json.
    /// </summary>
    public IReadOnlyDictionary<string, RegistryCredential> Credentials { get; init; } = new Dictionary<string, RegistryCredential>();

    /// <summary>
    /// Where other credentials come from; null to use none but <see cref="Credentials"/>. By default the environment's
    /// and the Docker and Podman files (<see cref="RegistryCredentialChain.FromEnvironment"/>), without an output
    /// registry for the unnamed environment pair.
    /// </summary>
    public IRegistryCredentialSource? DockerConfig { get; init; } = RegistryCredentialChain.FromEnvironment();

    /// <summary>
    /// Registries (host[:port]) that may be reached with an untrusted certificate or plain HTTP: HTTPS is tried first,
    /// ignoring certificate errors for that host only, then HTTP. Loopback registries are always treated so (as Docker does).
    /// </summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>How many blob transfers (uploads, mounts, existence checks) run at once per registry.</summary>
    public int MaxParallelTransfers { get; init; } = 4;

    /// <summary>
    /// Blobs at least this large are streamed in one PATCH and closed with an empty PUT (as go-containerregistry sends
    /// every blob) instead of sent in the closing PUT: a registry that takes a PUT body of any size is rarer than one
    /// that takes a PATCH of any size.
    /// </summary>
    public long StreamedUploadThreshold { get; init; } = 256L * 1024 * 1024;

    /// <summary>The size of each chunk of a chunked upload (raised to the registry's OCI-Chunk-Min-Length).</summary>
    public int ChunkSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Upload every blob in ranged chunks (PATCH with Content-Range), whatever its size: for a registry that needs them, and for tests.</summary>
    public bool ForceChunkedUpload { get; init; }

    /// <summary>How many times a request (or a whole blob upload) is tried before giving up.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry delay; later ones grow exponentially (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait honoured from a <c>Retry-After</c> header or the backoff.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one request may go without an answer and without taking any of its body (an upload as long as it moves).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many tags to ask for per page of a tag list.</summary>
    public int TagPageSize { get; init; } = 1000;

    /// <summary>The User-Agent sent with every request.</summary>
    public string UserAgent { get; init; } = $"Buildpacks.MSBuild/{typeof(RegistrySettings).Assembly.GetName().Version?.ToString(3) ?? "0"}";

    /// <summary>Where progress and diagnostics go; credentials are removed before any line reaches it.</summary>
    public IImageLog Log { get; init; } = NullImageLog.Instance;
}
