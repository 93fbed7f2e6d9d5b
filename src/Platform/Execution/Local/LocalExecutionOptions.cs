using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>How <see cref="LocalExecution"/> reaches images and where it keeps what outlives a build.</summary>
public sealed record LocalExecutionOptions
{
    /// <summary>
    /// The root of the user cache (extracted builders under <c>builders/</c>, default build caches under <c>cache/</c>);
    /// null for <see cref="UserCache.DefaultRoot"/>.
    /// </summary>
    public string? CacheRoot { get; init; }

    /// <summary>
    /// Where the builder is read instead of its registry (e.g. an <c>OciLayoutImageStore</c> holding it); null reads
    /// it from its registry, and from the daemon when the registry does not have it and a daemon answers.
    /// </summary>
    public IImageStore? BuilderStore { get; init; }

    /// <summary>
    /// The registry store to use (and keep: it is not disposed), e.g. to read its transfer statistics; null makes one
    /// from <see cref="BuildRequest.InsecureRegistries"/> for each build.
    /// </summary>
    public RegistryStore? Registry { get; init; }

    /// <summary>Where each build's scratch directory (app copy, layers, platform) is made; null for the system temp dir.</summary>
    public string? ScratchRoot { get; init; }

    /// <summary>How long a daemon may take to answer before it counts as absent.</summary>
    public TimeSpan DaemonProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The bubblewrap program the sandbox runs; null for <c>bwrap</c> on <c>PATH</c>.</summary>
    public string? SandboxProgram { get; init; }
}
