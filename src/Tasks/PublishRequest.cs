using Buildpacks.Images.References;
using ImagePlatform = Buildpacks.Images.Model.Platform;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>What <see cref="PublishBuildpackImage"/>'s properties ask for, checked and parsed.</summary>
internal sealed record PublishRequest
{
    public required string AppDirectory { get; init; }

    public required IReadOnlyList<ImageReference> Tags { get; init; }

    public required ImageReference Builder { get; init; }

    public string? RunImage { get; init; }

    public required ImageDestination Destination { get; init; }

    public ImagePlatform? Platform { get; init; }

    public string? DefaultProcess { get; init; }

    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];
}

/// <summary>Where the app image goes.</summary>
internal enum ImageDestinationKind
{
    Registry,
    Layout,
    Archive,
}

/// <summary>Where the app image goes; <paramref name="Path"/> for a layout or archive.</summary>
internal sealed record ImageDestination(ImageDestinationKind Kind, string? Path = null);
