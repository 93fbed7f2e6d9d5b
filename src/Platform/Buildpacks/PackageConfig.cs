using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>A buildpack package definition: pack's <c>package.toml</c>.</summary>
public sealed record PackageConfig
{
    /// <summary>The file it was read from (empty when made in code).</summary>
    public string FilePath { get; init; } = "";

    /// <summary><c>[buildpack] uri</c>: the buildpack to package (a directory or tarball).</summary>
    public required BuildpackLocation Buildpack { get; init; }

    /// <summary><c>[[dependencies]] uri | image</c>: the buildpacks a composite's order needs.</summary>
    public IReadOnlyList<BuildpackLocation> Dependencies { get; init; } = [];

    /// <summary><c>[platform] os</c>: <c>linux</c> (default) or <c>windows</c>.</summary>
    public string Os { get; init; } = "linux";

    /// <summary><c>[[targets]]</c>, for composite buildpacks, which declare none of their own.</summary>
    public IReadOnlyList<TargetMetadata> Targets { get; init; } = [];
}
