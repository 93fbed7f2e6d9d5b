using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution.MultiPlatform;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace Buildpacks.MSBuild.Tasks.Platforms;

/// <summary>
/// After the inner publishes of a multi-platform publish: writes the image index over their images under the image's
/// tags (the registry, the OCI layout, or the archive, which gets the images too).
/// </summary>
public sealed class CreateBuildpackImageIndex : PlatformIndexTask
{
    /// <summary>The project's name, which the result line starts with.</summary>
    public string? ProjectName { get; set; }

    /// <summary>The index's digest (<c>sha256:…</c>).</summary>
    [Output]
    public string BuildpackImageDigest { get; set; } = "";

    /// <summary>The names the index was written under.</summary>
    [Output]
    public ITaskItem[] BuildpackImageTags { get; set; } = [];

    private protected override string Work => "Writing the image index";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var plan = Plan();
        var result = await ImageIndexPublisher.PublishAsync(plan, RegistrySettings(plan), cancellationToken).ConfigureAwait(false);
        BuildpackImageDigest = result.Index.Digest.ToString();
        BuildpackImageTags = result.Tags.Select(t => (ITaskItem)new TaskItem(t.ToString())).ToArray();
        var platforms = string.Join(", ", result.Manifests.Select(m => $"{m.Platform} {m.Digest}"));
        LogSummary(CodedMessage.Format(Messages.ImageIndexWritten, result.Tags[0], result.Index.Digest, platforms));
        LogResult(ProjectName, $"{result.Tags[0]}@{result.Index.Digest} ({string.Join(", ", result.Manifests.Select(m => m.Platform))})");
    }
}
