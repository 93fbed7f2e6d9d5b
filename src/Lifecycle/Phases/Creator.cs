using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>
/// The creator (Platform API, "creator"; lifecycle cmd/lifecycle/creator.go): analyze → detect → restore → build →
/// export in one process, each phase reading its part of the same <see cref="LifecycleInputs"/>, and the phases handing
/// each other the same files (analyzed.toml, group.toml, plan.toml, metadata.toml) as when a platform runs them one by
/// one. Each phase fails with its own exit code.
/// </summary>
public sealed class Creator
{
    private readonly LifecycleInputs _inputs;
    private readonly ILifecycleLog _log;

    /// <summary>Creates a creator.</summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> name no image or no image store.</exception>
    public Creator(LifecycleInputs inputs, ILifecycleLog log)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Tags.Count == 0 || inputs.Store is null)
        {
            throw new ArgumentException("The creator needs at least one image name and an image store.", nameof(inputs));
        }

        _inputs = inputs;
        _log = log;
    }

    /// <summary>Runs the five phases.</summary>
    /// <exception cref="LifecycleException">The exit code of the phase that failed (20-29, 32, 42, 51-52, 62).</exception>
    public async Task<ExportResult> RunAsync(CancellationToken cancellationToken)
    {
        _log.Info("===> ANALYZING");
        await new Analyzer(_inputs, _log).RunAsync(cancellationToken).ConfigureAwait(false);

        _log.Info("===> DETECTING");
        await new Detector(_inputs, _log).RunAsync(cancellationToken).ConfigureAwait(false);

        // lc runs the restore step even when skipping layers (Platform API 0.10+): store.toml still comes back.
        _log.Info("===> RESTORING");
        await new Restorer(_inputs, _log).RunAsync(cancellationToken).ConfigureAwait(false);

        _log.Info("===> BUILDING");
        await new Builder(_inputs, _log).RunAsync(cancellationToken).ConfigureAwait(false);

        // The exporter reads analyzed.toml back rather than taking the analyzer's result: the restorer may have resolved
        // the run image to a digest.
        _log.Info("===> EXPORTING");
        return await new Exporter(_inputs, _log).RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
