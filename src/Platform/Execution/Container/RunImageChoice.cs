using Buildpacks.Images.References;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The run image a build uses, among the run image and its mirrors, and the run.toml its phases read. The run image
/// is the user's (<c>BuildpackRunImage</c>) or the builder's first; its names are the image, then the user's mirrors
/// (<c>BuildpackRunImageMirrors</c>), then the builder's mirrors of it. The name on the preferred registry wins (the
/// analyzer's rule in the Platform API, "a mirror on the same registry as the output image"; lifecycle
/// <c>BestRunImageMirrorFor</c>), the preferred registry being the app image's when publishing, else the builder's
/// (pack's <c>resolveRunImage</c>); else the user's first mirror, else the image. No registry is asked whether it can
/// be read, as pack and the lifecycle do: the lifecycle then fails with the name it could not read.
/// <para>
/// The exporter records in the app image the run.toml entry that holds the run image it used, else run.toml's first
/// (lifecycle <c>platform/run_image.go</c>, <c>GetRunImageForExport</c>), and a rebase follows what is recorded. So when
/// the user names a run image or mirrors, the phases read a run.toml of this platform's (the Platform API lets a
/// platform give its own) whose first entry is the user's run image with its mirrors, then the builder's entries:
/// the app image records the user's choice, not the builder's.
/// </para>
/// </summary>
/// <param name="Image">The run image to build on (<c>-run-image</c>).</param>
/// <param name="RunToml">The run.toml text the phases read instead of the builder's; null to keep the builder's.</param>
internal sealed record RunImageChoice(ImageReference Image, string? RunToml)
{
    /// <summary>Chooses the run image of a build.</summary>
    /// <param name="builderRunImages">The builder's run images (run.toml), the first its default.</param>
    /// <param name="builderReference">The builder's name (its registry is preferred when not publishing).</param>
    /// <param name="runImage">The user's run image, or null.</param>
    /// <param name="mirrors">The user's mirrors of the run image.</param>
    /// <param name="publishTo">The registry the app image is pushed to; null when it goes to the daemon (or through it).</param>
    /// <param name="alwaysWriteRunToml">Write run.toml even when it is the builder's (the phases run from a lifecycle image that has none).</param>
    /// <exception cref="CodedException">BP3006 when neither the user nor the builder names a valid run image.</exception>
    public static RunImageChoice Choose(
        IReadOnlyList<RunImage> builderRunImages, ImageReference builderReference, ImageReference? runImage, IReadOnlyList<ImageReference> mirrors, string? publishTo, bool alwaysWriteRunToml)
    {
        ArgumentNullException.ThrowIfNull(builderRunImages);
        ArgumentNullException.ThrowIfNull(mirrors);
        var builders = builderRunImages;
        RunImage entry;
        if (runImage is not null)
        {
            // The builder's mirrors go with its own run image only.
            var own = builders.FirstOrDefault(r => Same(r.Image, runImage));
            entry = new RunImage(runImage.ToString(), [.. mirrors.Select(m => m.ToString()), .. own?.Mirrors ?? []]);
        }
        else
        {
            var first = builders.Count > 0 && builders[0] is var run && ImageReference.TryParse(run.Image, out var parsed) && parsed is not null
                ? run
                : throw CodedException.Of(Messages.InvalidBuilderImage, builderReference, "it names no valid run image; set BuildpackRunImage.");
            entry = new RunImage(first.Image, [.. mirrors.Select(m => m.ToString()), .. first.Mirrors]);
        }

        // The spec's order (the image, then its mirrors), the first on the preferred registry; else the user's first
        // mirror (named because the image cannot be had from here), else the image.
        var names = new[] { entry.Image }.Concat(entry.Mirrors)
            .Select(n => ImageReference.TryParse(n, out var r) ? r : null)
            .OfType<ImageReference>()
            .ToList();
        var preferred = publishTo ?? builderReference.Registry;
        var chosen = names.FirstOrDefault(n => n.Registry == preferred) ?? (mirrors.Count > 0 ? mirrors[0] : names[0]);

        var userChose = runImage is not null || mirrors.Count > 0;
        string? runToml = null;
        if (userChose || alwaysWriteRunToml)
        {
            var others = builders.Where(r => !Same(r.Image, ImageReference.Parse(entry.Image)));
            runToml = BuilderTomlFiles.Run([entry, .. others]);
        }

        return new RunImageChoice(chosen, runToml);
    }

    private static bool Same(string image, ImageReference reference) =>
        ImageReference.TryParse(image, out var parsed) && parsed is not null && parsed.ToString() == reference.ToString();
}
