using Buildpacks.MSBuild.Tasks.Logging;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Incremental;
using Buildpacks.Platform.Project;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Builds the publish output into an app image with buildpacks: maps the properties and items to a build request,
/// chooses Container or Local execution, runs it and reports the image's digest. The work is in src/Platform.
/// </summary>
public sealed partial class PublishBuildpackImage : BuildpackTask
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        // project.toml beside the project (build env, buildpacks, include/exclude, builder); MSBuild's values win.
        var project = ProjectDescriptorReader.TryReadFrom(string.IsNullOrWhiteSpace(ProjectDirectory) ? null : Path.GetFullPath(ProjectDirectory));
        var request = PublishRequestMapping.Map(this, project?.Builder);
        var build = project is null ? request.Build : project.ApplyTo(request.Build);
        if (!Directory.Exists(build.AppDirectory))
        {
            throw CodedException.Of(Messages.PublishDirectoryMissing, build.AppDirectory);
        }

        // Incremental: the same publish output and configuration as the last successful build give the same image.
        var stampPath = string.IsNullOrWhiteSpace(StampFile) ? null : Path.GetFullPath(StampFile);
        var fingerprint = stampPath is null ? null : await BuildFingerprint.ComputeAsync(build, cancellationToken).ConfigureAwait(false);
        if (stampPath is not null && fingerprint is not null && !BuildpackForce
            && BuildStamp.TryRead(stampPath) is { } stamp && stamp.IsUpToDate(fingerprint, build))
        {
            SetOutputs(stamp.Tags, stamp.ManifestDigest, stamp.ImageId);
            BuildpackImageUpToDate = true;
            LogSummary(CodedMessage.Format(Messages.ImageUpToDate, build.Tags[0], stamp.ManifestDigest ?? stamp.ImageId, stampPath));
            return;
        }

        var execution = await ExecutionSelection.ChooseAsync(request.Execution, build, cancellationToken).ConfigureAwait(false);
        var log = new MSBuildBuildLog(Log, build.Verbose);
        log.Progress($"Building {build.Tags[0]} with {build.Builder} ({execution.Name} execution)");
        var result = await execution.Execution.BuildAsync(build, log, cancellationToken).ConfigureAwait(false);

        if (stampPath is not null && fingerprint is not null)
        {
            BuildStamp.Create(fingerprint, build, result).Write(stampPath);
        }

        SetOutputs(result.Tags, result.ManifestDigest, result.ImageId);
        LogSummary(CodedMessage.Format(Messages.ImageBuilt, build.Tags[0], result.ManifestDigest ?? result.ImageId));
    }

    private void SetOutputs(IReadOnlyList<string> tags, string? manifestDigest, string imageId)
    {
        BuildpackImageDigest = manifestDigest ?? "";
        BuildpackImageId = imageId;
        BuildpackImageTags = tags.Select(tag => (ITaskItem)new TaskItem(tag)).ToArray();
    }
}
