using Buildpacks.Platform.Execution;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Starts, before the project compiles, what the image step will begin with, and returns at once: in Local execution,
/// extracting the builder's file system the first time this machine meets the builder (seconds for a builder of a few
/// hundred megabytes), so that it runs beside the compiler instead of after it. The image step joins that work. It
/// reports nothing and never fails the build: the image step does the same work and reports its failures.
/// Its parameters are <see cref="PublishBuildpackImage"/>'s of the same names: those the builder's choice, the execution
/// mode and the reading of the builder depend on.
/// </summary>
public sealed class PrepareBuildpackBuilder : BuildpackTask
{
    /// <inheritdoc cref="PublishBuildpackImage.PublishDirectory" />
    public string PublishDirectory { get; set; } = "";

    /// <inheritdoc cref="PublishBuildpackImage.ProjectDirectory" />
    public string? ProjectDirectory { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackImage" />
    public string BuildpackImage { get; set; } = "";

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackRegistry" />
    public string? BuildpackRegistry { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackRepository" />
    public string? BuildpackRepository { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.AssemblyName" />
    public string? AssemblyName { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.Version" />
    public string? Version { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackBuilder" />
    public string? BuildpackBuilder { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackExecution" />
    public string? BuildpackExecution { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackPublish" />
    public bool BuildpackPublish { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackLayoutOutputPath" />
    public string? BuildpackLayoutOutputPath { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackArchiveOutputPath" />
    public string? BuildpackArchiveOutputPath { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackPullPolicy" />
    public string? BuildpackPullPolicy { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackTrustBuilder" />
    public string? BuildpackTrustBuilder { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackTrustedBuilders" />
    public string? BuildpackTrustedBuilders { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackPlatform" />
    public string? BuildpackPlatform { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.RuntimeIdentifier" />
    public string? RuntimeIdentifier { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackDockerHost" />
    public string? BuildpackDockerHost { get; set; }

    /// <inheritdoc cref="PublishBuildpackImage.BuildpackInsecureRegistries" />
    public string? BuildpackInsecureRegistries { get; set; }

    /// <inheritdoc />
    private protected override string Work => "Preparing the builder";

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken cancellationToken)
    {
        ImageBuildRequest request;
        try
        {
            // The image step's own mapping, over the parameters that matter here; the rest keep their defaults.
            request = PublishRequestMapping.Map(new PublishBuildpackImage
            {
                PublishDirectory = PublishDirectory,
                ProjectDirectory = ProjectDirectory,
                BuildpackImage = BuildpackImage,
                BuildpackRegistry = BuildpackRegistry,
                BuildpackRepository = BuildpackRepository,
                AssemblyName = AssemblyName,
                Version = Version,
                BuildpackBuilder = BuildpackBuilder,
                BuildpackExecution = BuildpackExecution,
                BuildpackPublish = BuildpackPublish,
                BuildpackLayoutOutputPath = BuildpackLayoutOutputPath,
                BuildpackArchiveOutputPath = BuildpackArchiveOutputPath,
                BuildpackPullPolicy = BuildpackPullPolicy,
                BuildpackTrustBuilder = BuildpackTrustBuilder,
                BuildpackTrustedBuilders = BuildpackTrustedBuilders,
                BuildpackPlatform = BuildpackPlatform,
                RuntimeIdentifier = RuntimeIdentifier,
                BuildpackDockerHost = BuildpackDockerHost,
                BuildpackInsecureRegistries = BuildpackInsecureRegistries,
            });
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
