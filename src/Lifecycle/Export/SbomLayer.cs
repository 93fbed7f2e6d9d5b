namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The SBOM layers (Platform API 0.8+; lifecycle phase/exporter.go <c>addSBOMLaunchLayer</c>): <c>&lt;layers&gt;/sbom/launch</c>
/// goes into the app image, <c>&lt;layers&gt;/sbom/cache</c> into the build cache.
/// </summary>
public static class SbomLayer
{
    /// <summary>The layer id of the launch SBOM layer.</summary>
    public const string LaunchId = "buildpacksio/lifecycle:launch.sbom";

    /// <summary>The history text of an SBOM layer.</summary>
    public const string CreatedBy = "Software Bill-of-Materials";

    /// <summary><c>&lt;layers&gt;/sbom/launch</c>.</summary>
    public static string LaunchDirectory(string layersDir) => Path.Combine(layersDir, "sbom", "launch");
}
