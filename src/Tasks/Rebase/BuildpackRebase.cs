using Buildpacks.Images.Registry;
using Buildpacks.MSBuild.Tasks.Rebase;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Inputs;
using Buildpacks.Platform.Rebase;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Rebases app images onto a newer run image without rebuilding them (target <c>BuildpackRebase</c>): reads the
/// properties and items, hands them to <see cref="RebaseService"/>, and logs one report line (or one coded error) per image.
/// </summary>
public sealed partial class BuildpackRebase : BuildpackTask
{
    private const int DefaultParallelism = 4;

    /// <inheritdoc />
    private protected override string Work => "Rebasing the image";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var requests = Requests();
        var options = new RebaseOptions
        {
            RunImage = UserInput.Trimmed(BuildpackRunImage),
            Force = BuildpackRebaseForce,
            DryRun = BuildpackRebaseDryRun,
            Platform = UserInput.Platform(BuildpackPlatform),
            MaxParallelism = ParseParallelism(BuildpackRebaseParallelism),
        };
        var registrySettings = new RegistrySettings { InsecureRegistries = UserInput.List(BuildpackInsecureRegistries) };
        using var stores = new RebaseStores(registrySettings, UserInput.Trimmed(BuildpackDockerHost));
        var outcomes = await new RebaseService(stores, new MSBuildRebaseLog(Log)).RebaseAsync(requests, options, cancellationToken).ConfigureAwait(false);

        var rebased = new List<ITaskItem>();
        foreach (var outcome in outcomes)
        {
            foreach (var warning in outcome.Warnings)
            {
                LogWarning(warning);
            }

            if (outcome.Error is { } error)
            {
                LogError(error);
                continue;
            }

            LogSummary(outcome.Report!);
            rebased.Add(ToItem(outcome));
        }

        RebasedImages = [.. rebased];
        if (Images is not { Length: > 0 } && rebased.Count == 1)
        {
            BuildpackImageDigest = rebased[0].GetMetadata("Digest");
        }
    }

    private List<RebaseImageRequest> Requests()
    {
        if (Images is { Length: > 0 } items)
        {
            return items.Select(item => new RebaseImageRequest
            {
                Image = item.ItemSpec,
                Source = "BuildpackRebaseImage",
                Tag = UserInput.Trimmed(item.GetMetadata("Tag")),
                RunImage = UserInput.Trimmed(item.GetMetadata("RunImage")),
            }).ToList();
        }

        if (string.IsNullOrWhiteSpace(BuildpackImage))
        {
            throw CodedException.Of(Messages.NoRebaseImage);
        }

        return [new RebaseImageRequest { Image = BuildpackImage, Source = "BuildpackImage", Tag = UserInput.Trimmed(BuildpackRebaseTag) }];
    }

    private static TaskItem ToItem(RebaseOutcome outcome)
    {
        var result = outcome.Result!;
        var item = new TaskItem(outcome.Request.Image);
        // A multi-platform image's digest is its index's (a dry run has no new index: the first platform's digest stands).
        item.SetMetadata("Digest", outcome.Index?.NewIndexDigest?.ToString() ?? result.NewImageDigest.ToString());
        item.SetMetadata("PreviousDigest", outcome.Index?.OldIndexDigest.ToString() ?? result.OldImageDigest.ToString());
        item.SetMetadata("Platforms", outcome.Index is { } index ? string.Join(";", index.Platforms.Select(p => $"{p.Platform}={p.Result.NewImageDigest}")) : "");
        item.SetMetadata("RunImage", result.NewRunImage.ToString());
        item.SetMetadata("RunImageDigest", result.NewRunImageDigest.ToString());
        item.SetMetadata("PreviousRunImageDigest", result.OldRunImageDigest?.ToString() ?? "");
        item.SetMetadata("Tags", string.Join(";", outcome.Tags));
        item.SetMetadata("DryRun", outcome.IsDryRun ? "true" : "false");
        return item;
    }

    private static int ParseParallelism(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DefaultParallelism
        : int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw CodedException.Of(Messages.InvalidRebaseParallelism, value);
}
