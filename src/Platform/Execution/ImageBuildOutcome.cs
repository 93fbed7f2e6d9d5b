using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution;

/// <summary>What <see cref="ImageBuild.RunAsync"/> made, or found already made.</summary>
public sealed record ImageBuildOutcome
{
    /// <summary>The image: its names, digest and ID (from the stamp when up to date).</summary>
    public required BuildResult Result { get; init; }

    /// <summary>True when nothing changed since the last build, so no build ran.</summary>
    public bool UpToDate { get; init; }

    /// <summary>The line that says what happened (BP4100 built, BP4101 up to date).</summary>
    public required CodedMessage Summary { get; init; }

    /// <summary>
    /// The image as a result line names it: <c>name@sha256:…</c> (the image ID in parentheses where the store keeps no
    /// manifest digest, a daemon), followed by "(up to date)" when nothing ran.
    /// </summary>
    public string Display
    {
        get
        {
            var name = Result.Tags.Count > 0 ? Result.Tags[0] : "";
            var image = Result.ManifestDigest is { } digest ? $"{name}@{digest}" : $"{name} (image {Result.ImageId})";
            return UpToDate ? $"{image} (up to date)" : image;
        }
    }
}
