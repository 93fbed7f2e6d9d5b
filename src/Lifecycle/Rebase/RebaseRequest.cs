using Buildpacks.Images.References;
using Buildpacks.Images.Stores;

namespace Buildpacks.Lifecycle.Rebase;

/// <summary>What to rebase onto what (Platform API, "rebaser" inputs).</summary>
public sealed record RebaseRequest
{
    /// <summary>Where the app image is read and the result written.</summary>
    public required IImageStore Store { get; init; }

    /// <summary><c>-previous-image</c>, else the first <c>&lt;image&gt;</c>: the app image to rebase.</summary>
    public required ImageReference AppImage { get; init; }

    /// <summary><c>&lt;image&gt;…</c>: the names to write; null means <see cref="AppImage"/> itself (which must then be a tag).</summary>
    public IReadOnlyList<ImageReference>? Tags { get; init; }

    /// <summary><c>-run-image</c>; null takes the run image the app image records (its image, then its mirrors).</summary>
    public ImageReference? RunImage { get; init; }

    /// <summary>Where the run image is read; null means <see cref="Store"/>.</summary>
    public IImageStore? RunImageStore { get; init; }

    /// <summary><c>-force</c> / <c>CNB_FORCE_REBASE</c>: the rebasable, target and mirror checks warn instead of refusing.</summary>
    public bool Force { get; init; }

    /// <summary>Compute the new image and report what would change, without writing anything.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// A dry run that is a check before the real rebase (of each platform of an index, before any is written): what it
    /// would write is said at debug level only.
    /// </summary>
    public bool IsCheck { get; init; }

    /// <summary>The platform to pick when the app image is an index; null means linux on this machine's architecture.</summary>
    public Images.Model.ImagePlatform? Platform { get; init; }

    /// <summary><c>-report</c> / <c>CNB_REPORT_PATH</c>; null writes no report.</summary>
    public string? ReportPath { get; init; }
}
