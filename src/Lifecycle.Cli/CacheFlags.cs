using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// Where an image phase's caches are: <c>-cache-image</c> / <c>CNB_CACHE_IMAGE</c>, <c>-cache-dir</c> /
/// <c>CNB_CACHE_DIR</c> and <c>-launch-cache</c> / <c>CNB_LAUNCH_CACHE_DIR</c>, each only for a phase that defines its flag.
/// </summary>
/// <param name="Image">The build cache image (in the registry).</param>
/// <param name="Directory">The build cache directory.</param>
/// <param name="LaunchCache">Where layers read from the daemon are kept.</param>
internal sealed record CacheFlags(ImageReference? Image, string? Directory, string? LaunchCache)
{
    /// <summary>Reads the cache flags <paramref name="inputs"/> define.</summary>
    /// <exception cref="LifecycleException">Exit code 3 for a malformed cache image name.</exception>
    public static CacheFlags Read(PhaseInputs inputs) => new(
        ImageNames.ParseOptional(inputs.Given("cache-image", "CNB_CACHE_IMAGE"), "cache image"),
        inputs.Given("cache-dir", "CNB_CACHE_DIR"),
        inputs.Given("launch-cache", "CNB_LAUNCH_CACHE_DIR"));

    /// <summary>The build cache: the cache image when one is given (it wins, as in the reference lifecycle), else the directory, else none.</summary>
    public async Task<ILayerCache?> OpenAsync(ImageTargets targets, ConsoleOutput console, CancellationToken cancellationToken)
    {
        if (Image is not null)
        {
            return await ImageCache.OpenAsync(targets.Registry, Image, m => console.Write(LifecycleLogLevel.Warn, m), cancellationToken).ConfigureAwait(false);
        }

        return Directory is null ? null : DirectoryCache.Open(Directory);
    }
}
