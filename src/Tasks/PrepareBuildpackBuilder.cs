using Buildpacks.Platform.Execution;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Starts, before the project compiles, what the image step will begin with, and returns at once: in Local execution,
/// extracting the builder's file system the first time this machine meets the builder (seconds for a builder of a few
/// hundred megabytes), so that it runs beside the compiler instead of after it. The image step joins that work. It
/// reports nothing and never fails the build: the image step does the same work and reports its failures. The targets
/// pass it <see cref="PublishBuildpackImage"/>'s parameters that the builder's choice, the execution mode and the
/// reading of the builder depend on; the rest keep their defaults.
/// </summary>
public sealed class PrepareBuildpackBuilder : BuildpackImageParameters
{
    /// <inheritdoc />
    private protected override string Work => "Preparing the builder";

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        ImageBuildRequest request;
        try
        {
            request = PublishRequestMapping.Map(this, GlobalProperties());
        }
        catch (Exception e)
        {
            // A bad value is the image step's error to report, with its code.
            Log.LogMessage(MessageImportance.Low, $"Not preparing the builder ahead: {e.Message}");
            return Task.CompletedTask;
        }

        Log.LogMessage(MessageImportance.Low, $"Preparing {request.Build.Builder} in the background while the project builds");
        new ImageBuild().StartPreparing(request);
        return Task.CompletedTask;
    }
}
