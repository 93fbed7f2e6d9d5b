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
            PreviousImage = PreviousImage(options, analysis),
        };
    }

    // A daemon image ID ("sha256:…") is no name either: the daemon is then read by the name the analyzer read it by, the
    // previous image the options name (creator -previous-image) or else the output image. Reading an ID as a reference
    // found nothing, so a rebuild into the daemon reused no layer and failed where a buildpack asked for reuse.
    private static ImageReference? PreviousImage(ExporterOptions options, Analysis analysis) => analysis.PreviousImageReference switch
    {
        { } id when Digest.TryParse(id, out _) => options.PreviousImage ?? options.Tags[0],
        { } previous when ImageReference.TryParse(previous, out var reference) => reference,
        _ => null,
    };
}
