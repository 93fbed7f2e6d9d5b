using Buildpacks.Images.References;

namespace Buildpacks.Platform.Execution;

/// <summary>What a build uses when the user names no builder.</summary>
public static class BuilderDefaults
{
    /// <summary>The builder when neither the user nor project.toml names one (as Spring Boot and pack suggest).</summary>
    public const string BuilderName = "paketobuildpacks/builder-jammy-base";

    /// <summary><see cref="BuilderName"/> as a reference.</summary>
    public static ImageReference Builder { get; } = ImageReference.Parse(BuilderName);
}
