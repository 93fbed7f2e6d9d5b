namespace Buildpacks.Images.Engine;

/// <summary>One entry of the daemon's image list.</summary>
public sealed record DaemonImageSummary
{
    /// <summary>The image ID, <c>sha256:…</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The image's names; empty (or <c>&lt;none&gt;:&lt;none&gt;</c>, as Docker writes it) for a dangling image.</summary>
    public IReadOnlyList<string> RepoTags { get; init; } = [];
}
