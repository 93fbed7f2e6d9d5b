using Buildpacks.Platform.Execution.MultiPlatform;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace Buildpacks.MSBuild.Tasks.Platforms;

/// <summary>
/// Before the inner publishes of a multi-platform publish: checks the RIDs and the destination (BP1083–BP1085) and
/// that this machine can run each foreign platform's buildpacks (BP2010), and says what each inner publish makes.
/// </summary>
public sealed class PlanBuildpackPlatforms : PlatformIndexTask
{
    /// <summary>
    /// One item per RID: <c>Include</c> = the RID, metadata <c>Platform</c> (os/arch[/variant]), <c>Image</c> (its
    /// name), and the destination properties of its inner publish (<c>BuildpackPublish</c>,
    /// <c>BuildpackLayoutOutputPath</c>).
    /// </summary>
    [Output]
    public ITaskItem[] PlatformImages { get; set; } = [];

    /// <summary>The project file: restored for the RIDs (<see cref="RuntimeIdentifierRestore"/>); empty restores nothing.</summary>
    public string ProjectPath { get; set; } = "";

    private protected override string Work => "Planning the multi-platform image";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var plan = Plan();
        foreach (var image in plan.Images)
        {
            Emulation.Require(image.Platform);
        }

        if (ProjectPath.Length > 0)
        {
            await RuntimeIdentifierRestore.RunAsync(ProjectPath, plan.Images.Select(i => i.RuntimeIdentifier).ToList(), GlobalProperties(), cancellationToken).ConfigureAwait(false);
        }

        PlatformImages = plan.Images.Select(image =>
        {
            var item = new TaskItem(image.RuntimeIdentifier);
            item.SetMetadata("Platform", image.Platform.ToString());
            item.SetMetadata("Image", image.Name.ToString());
            item.SetMetadata("BuildpackPublish", plan.InnerDestination.Kind == Buildpacks.Platform.Execution.ImageDestinationKind.Registry ? "true" : "false");
            item.SetMetadata("BuildpackLayoutOutputPath", plan.InnerDestination.Path ?? "");
            return (ITaskItem)item;
        }).ToArray();
    }
}
