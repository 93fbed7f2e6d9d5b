namespace Buildpacks.Images.Stores.Daemon;

/// <summary>How a <see cref="DaemonImageStore"/> connects and where it keeps layers it extracted from the daemon.</summary>
public sealed record DaemonImageStoreOptions
{
    /// <summary>The daemon endpoint; null means the one <see cref="Engine.DaemonEndpoint.Resolve(string?, string)"/> finds (DOCKER_HOST, the docker context, the default).</summary>
    public string? Endpoint { get; init; }

    /// <summary>
    /// Where configs and layers read from the daemon (through <c>docker save</c>) are kept, keyed by image ID and diff
    /// ID; null means <c>$XDG_CACHE_HOME/buildpacks-msbuild/daemon</c> (or <c>~/.cache/…</c>).
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Whether a write sends layers the daemon already has as empty placeholders (<c>docker load</c> skips a layer
    /// whose chain ID it knows, as imgutil relies on). On by default; off sends every layer in full.
    /// </summary>
    public bool SkipLayersTheDaemonHas { get; init; } = true;

    /// <summary>How long a short request (inspect, tag, list) may take before the daemon counts as unresponsive.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The default cache directory.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(root, "buildpacks-msbuild", "daemon");
        }
    }
}
