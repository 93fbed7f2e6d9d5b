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
}
