using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// The contents of <c>analyzed.toml</c> (Platform API, "analyzed.toml"): what the analyzer found out about the previous
/// image and the run image, read by the detector, restorer and exporter.
/// </summary>
public sealed record Analysis
{
    /// <summary>
    /// <c>[image] reference</c>: the previous image as found (a digest reference, a daemon image ID), or null when there
    /// was no usable previous image.
    /// </summary>
    public string? PreviousImageReference { get; init; }

    /// <summary><c>[metadata]</c>: the previous image's <c>io.buildpacks.lifecycle.metadata</c>; empty without one.</summary>
    public LayersMetadata Metadata { get; init; } = new();

    /// <summary><c>[run-image]</c>, when a run image is known.</summary>
    public AnalyzedRunImage? RunImage { get; init; }

    /// <summary><c>[build-image] reference</c>, when the platform gave one (image extensions).</summary>
    public string? BuildImageReference { get; init; }
}

/// <summary>The <c>[run-image]</c> table of <c>analyzed.toml</c>.</summary>
public sealed record AnalyzedRunImage
{
    /// <summary><c>reference</c>: the run image as resolved, a digest reference (or a daemon image ID).</summary>
    public string Reference { get; init; } = "";

    /// <summary><c>image</c>: the run image name as the platform (or an extension) gave it.</summary>
    public string? Image { get; init; }

    /// <summary><c>extend</c>: an extension asked to extend the run image.</summary>
    public bool Extend { get; init; }

    /// <summary><c>[run-image.target]</c> os, arch, arch-variant, distro; null when not (yet) known.</summary>
    public RunImageTarget? Target { get; init; }

    /// <summary><c>[run-image.target] id</c>: the run image's <c>io.buildpacks.base.id</c> label, when it has one.</summary>
    public string? TargetId { get; init; }
}
