using Buildpacks.Platform.Execution.Container;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// The two phases of a Local build that run buildpacks, as Container execution's untrusted flow runs them
/// (<see cref="LifecyclePlan"/>: the same flags, environment and user), in the sandbox instead of a container; and their
/// failures as Container execution reports them (<see cref="PhaseFailure"/>): a failed detection with what each
/// buildpack said (the detector replayed at debug level), a failed build with its output.
/// </summary>
/// <param name="runner">Runs a phase in the sandbox.</param>
/// <param name="settings">The build's lifecycle settings (volumes are the build's directories on this machine).</param>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class SandboxedPhases(SandboxedPhaseRunner runner, LifecycleSettings settings)
{
    /// <summary>
    /// Container execution copies the app into a volume as a tar; a Local build's app is already in its directory, so
    /// its phases are given no archive to copy (the sandbox never reads <see cref="PhaseSpec.Archives"/>).
    /// </summary>
    public static Func<CancellationToken, Task<Stream>> NoArchive { get; } =
        _ => throw new InvalidOperationException("Local execution copies no archive into the sandbox.");

    /// <summary>Runs the detector.</summary>
    /// <exception cref="Diagnostics.CodedException">BP4001 when no group passes, with what each buildpack said; BP3011 for another failure.</exception>
    public async Task DetectAsync(CancellationToken cancellationToken)
    {
        var outcome = await runner.RunAsync(LifecyclePlan.Detector(settings), cancellationToken).ConfigureAwait(false);
        if (outcome.ExitCode is 20 or 21)
        {
            // The lifecycle prints buildpacks' detect output at debug level only: run it again, quietly, to say who said what.
            var replay = await runner.RunAsync(LifecyclePlan.DetectReplay(settings), cancellationToken, quiet: true).ConfigureAwait(false);
            throw PhaseFailure.ForDetect(outcome, DetectReport.Summarize(replay.LastLines));
        }

        if (outcome.ExitCode != 0)
        {
            throw PhaseFailure.For(outcome);
        }
    }

    /// <summary>Runs the builder.</summary>
    /// <exception cref="Diagnostics.CodedException">BP4002 when a buildpack fails, with its output; BP3011 for another failure.</exception>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        var outcome = await runner.RunAsync(LifecyclePlan.Builder(settings), cancellationToken).ConfigureAwait(false);
        if (outcome.ExitCode != 0)
        {
            throw PhaseFailure.For(outcome);
        }
    }
}
