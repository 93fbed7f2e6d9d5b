using Buildpacks.Images.Stores;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// A buildpack package read from an image or a <c>.cnb</c> file (distribution spec, "Buildpackage"): its main buildpack
/// and every buildpack it carries, each with its layer in the package.
/// </summary>
public sealed record BuildpackPackage
{
    /// <summary>The main buildpack's id (<c>io.buildpacks.buildpackage.metadata</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The main buildpack's version.</summary>
    public required string Version { get; init; }

    /// <summary>Every buildpack in the package, the main one included, sorted by id and version.</summary>
    public required IReadOnlyList<BuildpackLayer> Buildpacks { get; init; }

    /// <summary>The package image.</summary>
    public required StoredImage Image { get; init; }

    /// <summary>The main buildpack.</summary>
    public BuildpackLayer Main => Buildpacks.First(b => b.Id == Id && b.Version == Version);
}
