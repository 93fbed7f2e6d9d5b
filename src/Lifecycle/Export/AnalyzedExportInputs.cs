using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Phases;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// Fills the exporter's run image and previous image from what the analyzer found (Platform API, "exporter": the run
/// image is analyzed.toml's <c>run-image.reference</c>, never a flag), and the recorded run image name and mirrors from
/// run.toml: the entry that contains the analyzed <c>run-image.image</c>, else the first (lifecycle
/// cmd/lifecycle/exporter.go, Platform API 0.12+).
/// </summary>
public static class AnalyzedExportInputs
{
    /// <summary>Returns <paramref name="options"/> with the run image, its name and mirrors, and the previous image set.</summary>
    /// <exception cref="LifecycleException">analyzed.toml names no run image (exit code 62).</exception>
    public static ExporterOptions Apply(ExporterOptions options, Analysis analysis, IReadOnlyList<RunImageEntry> runToml)
    {
        if (analysis.RunImage is not { Reference.Length: > 0 } runImage)
        {
            throw new LifecycleException(LifecycleExitCodes.ExportError, "analyzed.toml names no run image: run the analyzer first");
        }

        var entry = runImage.Image is { Length: > 0 } image
            ? runToml.FirstOrDefault(e => e.Contains(image)) ?? runToml.FirstOrDefault()
            : runToml.FirstOrDefault();
        return options with
        {
            // A daemon image ID ("sha256:…", lc image.Identifier()) is no name: the daemon is then read by the run image's name.
            RunImage = ImageReference.Parse(Digest.TryParse(runImage.Reference, out _) && runImage.Image is { Length: > 0 } name ? name : runImage.Reference),
            RunImageName = entry?.Image ?? runImage.Image,
            RunImageMirrors = entry?.Mirrors,
            PreviousImage = analysis.PreviousImageReference is { } previous && ImageReference.TryParse(previous, out var reference) ? reference : null,
        };
    }
}
