using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// What the exporter takes from the analyzer rather than from the platform (Platform API, "exporter": the run image is
/// analyzed.toml's <c>run-image.reference</c>, never a flag): the run image to build on, the name and mirrors recorded
/// for rebase (from run.toml: the entry that contains the analyzed <c>run-image.image</c>, else the first; lifecycle
/// cmd/lifecycle/exporter.go, Platform API 0.12+), and the previous image whose layers may be reused.
/// </summary>
/// <param name="RunImage">The run image as analyzed.toml names it (preferably by digest).</param>
/// <param name="RunImageName">
/// The run image name recorded for rebase (<c>runImage.image</c>); null records <paramref name="RunImage"/> without its digest.
/// </param>
/// <param name="RunImageMirrors">The mirrors of <paramref name="RunImageName"/> from run.toml.</param>
/// <param name="PreviousImage">The previous app image the analyzer found (analyzed.toml <c>[image] reference</c>); null for none.</param>
public sealed record AnalyzedExportInputs(
    ImageReference RunImage,
    string? RunImageName = null,
    IReadOnlyList<string>? RunImageMirrors = null,
    ImageReference? PreviousImage = null)
{
    /// <summary>Reads them from <paramref name="analysis"/> and <paramref name="runToml"/>.</summary>
    /// <exception cref="LifecycleException">analyzed.toml names no run image (exit code 62).</exception>
    public static AnalyzedExportInputs From(LifecycleInputs inputs, Analysis analysis, IReadOnlyList<RunImageEntry> runToml)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(analysis);
        if (analysis.RunImage is not { Reference.Length: > 0 } runImage)
        {
            throw new LifecycleException(LifecycleExitCodes.ExportError, "analyzed.toml names no run image: run the analyzer first");
        }

        var entry = runImage.Image is { Length: > 0 } image
            ? runToml.FirstOrDefault(e => e.Contains(image)) ?? runToml.FirstOrDefault()
            : runToml.FirstOrDefault();
        return new AnalyzedExportInputs(
            // A daemon image ID ("sha256:…", lc image.Identifier()) is no name: the daemon is then read by the run image's name.
            ImageReference.Parse(Digest.TryParse(runImage.Reference, out _) && runImage.Image is { Length: > 0 } name ? name : runImage.Reference),
            entry?.Image ?? runImage.Image,
            entry?.Mirrors,
            PreviousImageOf(inputs, analysis));
    }

    // A daemon image ID ("sha256:…") is no name either: the daemon is then read by the name the analyzer read it by, the
    // previous image the platform names (creator -previous-image) or else the output image. Reading an ID as a reference
    // found nothing, so a rebuild into the daemon reused no layer and failed where a buildpack asked for reuse.
    private static ImageReference? PreviousImageOf(LifecycleInputs inputs, Analysis analysis) => analysis.PreviousImageReference switch
    {
        { } id when Digest.TryParse(id, out _) => inputs.PreviousImage ?? inputs.OutputImage,
        { } previous when ImageReference.TryParse(previous, out var reference) => reference,
        _ => null,
    };
}
