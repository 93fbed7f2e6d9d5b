using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Rebase;

/// <summary>What applies to every image of a rebase call.</summary>
public sealed record RebaseOptions
{
    /// <summary>
    /// The run image to move onto (any transport); null takes the run image each app image records, re-read from its
    /// registry so its newest digest is used, preferring a mirror in the app image's registry.
    /// </summary>
    public string? RunImage { get; init; }

    /// <summary>Rebase although the app is not rebasable, its target differs or the run image is not the recorded one.</summary>
    public bool Force { get; init; }

    /// <summary>Compute and report the new images without writing anything.</summary>
    public bool DryRun { get; init; }

    /// <summary>The platform picked from multi-platform images; null means linux on this machine's architecture.</summary>
    public ImagePlatform? Platform { get; init; }

    /// <summary>How many images are rebased at once.</summary>
    public int MaxParallelism { get; init; } = 4;
}
