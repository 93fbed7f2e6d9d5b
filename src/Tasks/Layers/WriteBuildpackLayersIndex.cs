using Buildpacks.Platform.Layering;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks.Layers;

/// <summary>
/// Writes the layers index (<see cref="LayersIndex"/>, <c>&lt;App&gt;.layers.json</c>) of the files in the publish
/// directory from what MSBuild knows of each published file: <c>@(ResolvedFileToPublish)</c> with its
/// <c>NuGetPackageId</c>, the runtime packs of a self-contained app (<c>@(RuntimePack)</c>), and the user's
/// <c>@(BuildpackLayer)</c> groups.
/// </summary>
public sealed class WriteBuildpackLayersIndex : BuildpackTask
{
    /// <summary>The publish output.</summary>
    [Required]
    public string PublishDirectory { get; set; } = "";

    /// <summary>The app's assembly name (<c>$(AssemblyName)</c>).</summary>
    [Required]
    public string AppName { get; set; } = "";

    /// <summary><c>$(SelfContained)</c>.</summary>
    public bool SelfContained { get; set; }

    /// <summary><c>$(PublishSingleFile)</c>.</summary>
    public bool PublishSingleFile { get; set; }

    /// <summary><c>$(RollForward)</c>: the app's roll-forward policy, when set.</summary>
    public string? RollForward { get; set; }

    /// <summary><c>@(ResolvedFileToPublish)</c>: metadata <c>RelativePath</c> and <c>NuGetPackageId</c>.</summary>
    public ITaskItem[] Files { get; set; } = [];

    /// <summary><c>@(RuntimePack)</c>: the runtime packs whose assets are the runtime group (metadata <c>NuGetPackageId</c>).</summary>
    public ITaskItem[] RuntimePacks { get; set; } = [];

    /// <summary><c>@(RuntimeFramework)</c>: the shared frameworks of the app (metadata <c>Version</c>).</summary>
    public ITaskItem[] RuntimeFrameworks { get; set; } = [];

    /// <summary><c>@(BuildpackLayer)</c>: the user's groups, Include the name and <c>Files</c> the patterns.</summary>
    public ITaskItem[] Layers { get; set; } = [];

    /// <summary>The index file written (or found up to date).</summary>
    [Output]
    public string IndexFile { get; set; } = "";

    /// <inheritdoc />
    private protected override string Work => "Writing the layers index";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var publishDirectory = Path.GetFullPath(PublishDirectory);
        if (!Directory.Exists(publishDirectory))
        {
            // Nothing was published: the image step says so (BP1004), with what to do.
            Log.LogMessage(MessageImportance.Low, $"No layers index: {publishDirectory} does not exist.");
            return;
        }

        var app = new PublishedApp
        {
            Name = AppName,
            SelfContained = SelfContained,
            SingleFile = PublishSingleFile,
            Frameworks = RuntimeFrameworks.Select(f => new AppFramework(f.ItemSpec, f.GetMetadata("Version"))).ToList(),
            RollForward = string.IsNullOrWhiteSpace(RollForward) ? null : RollForward.Trim(),
        };
        var files = Files.Select(f => new PublishedFile(f.GetMetadata("RelativePath"), f.GetMetadata("NuGetPackageId")));
        var packs = RuntimePacks.Select(p => Metadata(p, "NuGetPackageId"));
        var custom = Layers.Select(l => CustomLayer.Parse(l.ItemSpec, l.GetMetadata("Files"))).ToList();
        var index = LayersIndex.Create(app, PublishedFileGroups.FilesIn(publishDirectory), files, packs, custom);
        IndexFile = await index.WriteToAsync(publishDirectory, cancellationToken).ConfigureAwait(false);
        Log.LogMessage(
            MessageImportance.Normal,
            $"Layers index {IndexFile}: " + string.Join(", ", index.Layers.Select(l => $"{l.Name} {l.Files.Count} file(s)")));
    }

    // The metadata, or the item spec when the item has none (a RuntimePack's Include is its package id).
    private static string Metadata(ITaskItem item, string name) =>
        item.GetMetadata(name) is { Length: > 0 } value ? value : item.ItemSpec;
}
