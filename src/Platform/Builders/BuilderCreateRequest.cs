using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Builders;

/// <summary>What <see cref="BuilderWriter"/> makes a builder from.</summary>
public sealed record BuilderCreateRequest
{
    /// <summary>The builder definition.</summary>
    public required BuilderConfig Config { get; init; }

    /// <summary>The names to write the builder under.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>Where the build image and buildpack package images are read.</summary>
    public required IImageStore Images { get; init; }

    /// <summary>
    /// The lifecycle binaries to use when the definition's <c>[lifecycle]</c> gives no uri (e.g. the lifecycle the
    /// product ships). A directory, a binary or a tarball.
    /// </summary>
    public string? LifecyclePath { get; init; }

    /// <summary>The platform of the build image to take; null for the definition's first target, else linux/amd64.</summary>
    public ImagePlatform? Platform { get; init; }

    /// <summary>The image's creation time (<c>SOURCE_DATE_EPOCH</c>); null for the fixed 1980 time, for reproducibility.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>What made the builder, recorded in its metadata.</summary>
    public BuilderCreator CreatedBy { get; init; } = BuilderCreator.BuildpacksMSBuild;
}
