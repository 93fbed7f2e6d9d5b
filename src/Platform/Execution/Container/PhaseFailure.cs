using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// A failed phase as the error a user reads (Platform API exit codes): 20/21 no group passed detection (BP4001), 51 a
/// buildpack failed to build (BP4002, naming the buildpack, its exit code and its last lines: <see cref="BuildReport"/>),
/// anything else the phase and its code (BP3011); each with what the lifecycle said.
/// </summary>
internal static class PhaseFailure
{
    // What the lifecycles print when a registry refuses them: ours ("requires authentication", "refused to let us",
    // a token service's refusal) and the reference lifecycle's (ggcr's UNAUTHORIZED/DENIED, the access check).
    private static readonly string[] RefusalMarks =
    [
        "requires authentication", "refused to let us", "refused anonymous access", "rejected the credentials",
        "UNAUTHORIZED", "DENIED", "401 Unauthorized", "403 Forbidden", "ensure registry read/write access",
    ];

    /// <summary>
    /// The error for <paramref name="outcome"/> (whose exit code is not 0). A registry's refusal (an analyzer or
    /// exporter exit whose ERROR lines say so) is BP2004 naming <paramref name="registry"/>, the output image's registry
    /// (without it, such a failure is reported as the phase's).
    /// </summary>
    public static CodedException For(PhaseOutcome outcome, string? registry = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var said = Summary(outcome.LastLines);
        if (registry is not null && outcome.ExitCode is not (20 or 21 or 51) && IsRegistryRefusal(outcome.LastLines))
        {
            return CodedException.Of(Messages.RegistryAuthRefused, registry, said);
        }

        return outcome.ExitCode switch
        {
            20 or 21 => CodedException.Of(Messages.DetectFailed, said),
            51 => BuildReport.Error(BuildReport.Read(outcome.LastLines), said),
            _ => CodedException.Of(Messages.PhaseFailed, outcome.Phase, outcome.ExitCode, said),
        };
    }

    /// <summary>
    /// A failed detection (exit 20 or 21) with what the buildpacks said (<paramref name="buildpacksSaid"/>, from a
    /// replay of the detector at debug level; empty when that was not to be had).
    /// </summary>
    public static CodedException ForDetect(PhaseOutcome outcome, string buildpacksSaid)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var said = Summary(outcome.LastLines);
        return CodedException.Of(Messages.DetectFailed, buildpacksSaid.Length == 0 ? said : $"{said} {buildpacksSaid}");
    }

    private static bool IsRegistryRefusal(IReadOnlyList<string> lines) =>
        lines.Any(l => l.StartsWith("ERROR:", StringComparison.Ordinal) && RefusalMarks.Any(m => l.Contains(m, StringComparison.Ordinal)));

    // The lifecycle's ERROR lines say what went wrong; without any, the last few lines do.
    private static string Summary(IReadOnlyList<string> lines)
    {
        var errors = lines.Where(l => l.StartsWith("ERROR:", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var chosen = errors.Count > 0 ? errors : lines.Where(l => l.Trim().Length > 0).TakeLast(5).ToList();
        return chosen.Count == 0 ? "(it printed nothing)" : string.Join(" | ", chosen.Select(l => l.Trim()));
    }
}
