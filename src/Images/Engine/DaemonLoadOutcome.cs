namespace Buildpacks.Images.Engine;

/// <summary>What the daemon answered to <c>POST /images/load</c>.</summary>
public sealed record DaemonLoadOutcome
{
    /// <summary>
    /// The daemon's refusal, when it gave one. The Engine API reports most load failures inside a successful (200)
    /// answer, as an error message in its stream, so an HTTP status alone does not tell.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>The daemon's other messages, in order, e.g. <c>Loaded image: name:tag</c>.</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];
}
