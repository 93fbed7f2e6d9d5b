using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The lifecycle's own SBOMs (Platform API 0.11+; lifecycle phase/exporter.go <c>copyBuildpacksioSBOMs</c>): before the
/// SBOM layer is made, <c>launcher.sbom.&lt;ext&gt;</c> from the launcher SBOM directory goes to
/// <c>&lt;layers&gt;/sbom/launch/buildpacksio_lifecycle/launcher/sbom.&lt;ext&gt;</c> (the launcher is in the image) and
/// <c>lifecycle.sbom.&lt;ext&gt;</c> to <c>&lt;layers&gt;/sbom/build/buildpacksio_lifecycle/sbom.&lt;ext&gt;</c>. A missing
/// file is only a warning, as in the reference lifecycle.
/// </summary>
public static class LifecycleSboms
{
    private static readonly string[] Extensions = ["sbom.cdx.json", "sbom.spdx.json", "sbom.syft.json"];

    /// <summary>Copies the SBOMs found in <paramref name="sbomDirectory"/> into <paramref name="layersDir"/>.</summary>
    /// <exception cref="IOException">A file could not be copied.</exception>
    public static void Copy(string sbomDirectory, string layersDir, ILifecycleLog log)
    {
        Copy("launcher", sbomDirectory, Path.Combine(layersDir, "sbom", "launch", "buildpacksio_lifecycle", "launcher"), log);
        Copy("lifecycle", sbomDirectory, Path.Combine(layersDir, "sbom", "build", "buildpacksio_lifecycle"), log);
    }

    private static void Copy(string component, string sbomDirectory, string destination, ILifecycleLog log)
    {
        foreach (var extension in Extensions)
        {
            var source = Path.Combine(sbomDirectory, $"{component}.{extension}");
            if (!File.Exists(source))
            {
                log.Warn($"Did not find SBOM {component}.{extension} in {sbomDirectory}");
                continue;
            }

            Directory.CreateDirectory(destination);
            File.Copy(source, Path.Combine(destination, extension), overwrite: true);
        }
    }
}
