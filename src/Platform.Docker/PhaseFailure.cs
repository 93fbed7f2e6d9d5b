using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Docker;

/// <summary>
/// A failed phase as the error a user reads (Platform API exit codes): 20/21 no group passed detection (BP4001), 51 a
/// buildpack failed to build (BP4002), anything else the phase and its code (BP3011); each with what the lifecycle said.
/// </summary>
internal static class PhaseFailure
{
    /// <summary>The error for <paramref name="outcome"/> (whose exit code is not 0).</summary>
    public static CodedException For(PhaseOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var said = Summary(outcome.LastLines);
        return outcome.ExitCode switch
        {
            20 or 21 => CodedException.Of(Messages.DetectFailed, said),
            51 => CodedException.Of(Messages.BuildFailed, said),
            _ => CodedException.Of(Messages.PhaseFailed, outcome.Phase, outcome.ExitCode, said),
        };
    }

    // The lifecycle's ERROR lines say what went wrong; without any, the last few lines do.
    private static string Summary(IReadOnlyList<string> lines)
    {
        var errors = lines.Where(l => l.StartsWith("ERROR:", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var chosen = errors.Count > 0 ? errors : lines.Where(l => l.Trim().Length > 0).TakeLast(5).ToList();
        return chosen.Count == 0 ? "(it printed nothing)" : string.Join(" | ", chosen.Select(l => l.Trim()));
    }
}
