using Buildpacks.MSBuild.Tasks.Logging;
using Buildpacks.Platform.Execution;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Builds the publish output into an app image with buildpacks: maps the properties and items to a request
/// (<see cref="PublishRequestMapping"/>), hands it to the platform's <see cref="ImageBuild"/>, and reports the image.
/// </summary>
public sealed class PublishBuildpackImage : BuildpackImageParameters
{
    /// <summary>The manifest digest of the image written (<c>sha256:…</c>); empty where the store has none (a daemon).</summary>
    [Output]
    public string BuildpackImageDigest { get; set; } = "";

    /// <summary>The image's ID (its config digest).</summary>
    [Output]
    public string BuildpackImageId { get; set; } = "";

    /// <summary>The names the image was written under.</summary>
    [Output]
    public ITaskItem[] BuildpackImageTags { get; set; } = [];

    /// <summary>True when the image step was skipped because nothing changed.</summary>
    [Output]
    public bool BuildpackImageUpToDate { get; set; }

    /// <inheritdoc />
    private protected override string Work => "Building the image";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var request = PublishRequestMapping.Map(this, GlobalProperties());
        var outcome = await new ImageBuild()
            .RunAsync(request, new MSBuildBuildLog(Log, request.Build.Verbose), cancellationToken).ConfigureAwait(false);

        BuildpackImageDigest = outcome.Result.ManifestDigest ?? "";
        BuildpackImageId = outcome.Result.ImageId;
        BuildpackImageTags = outcome.Result.Tags.Select(tag => (ITaskItem)new TaskItem(tag)).ToArray();
        BuildpackImageUpToDate = outcome.UpToDate;
        LogSummary(outcome.Summary);
        LogResult(ProjectName, outcome.Display);
    }
}
