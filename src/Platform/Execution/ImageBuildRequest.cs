namespace Buildpacks.Platform.Execution;

/// <summary>
/// A publish's request for an app image, as a host (the MSBuild task) hands it to <see cref="ImageBuild"/>: the build
/// from the user's settings before project.toml is merged in, how to run it, and where the incremental stamp lives.
/// </summary>
public sealed record ImageBuildRequest
{
    /// <summary>The build from the host's settings; project.toml beside <see cref="BuildRequest.ProjectDirectory"/> is merged into it.</summary>
    public required BuildRequest Build { get; init; }

    /// <summary>
    /// Whether the user named the builder. When not, <see cref="BuildRequest.Builder"/> is <see cref="BuilderDefaults.Builder"/>
    /// and project.toml's <c>builder</c>, if any, replaces it.
    /// </summary>
    public bool BuilderGiven { get; init; } = true;

    /// <summary>How the build runs.</summary>
    public ExecutionChoice Execution { get; init; } = ExecutionChoice.Auto;

    /// <summary>The incremental stamp file; null: the image is always built.</summary>
    public string? StampPath { get; init; }

    /// <summary>Build even when the stamp says nothing changed.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Label the image with its created time (<c>org.opencontainers.image.created</c>, as the SDK's containers are), the
    /// time in its config; a label of that name in <see cref="BuildRequest.Labels"/> wins.
    /// </summary>
    public bool CreatedLabel { get; init; }
}
