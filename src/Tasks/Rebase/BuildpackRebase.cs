using Buildpacks.Images.Registry;
using Buildpacks.MSBuild.Tasks.Rebase;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Rebase;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using Buildpacks.Images.Model;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// Rebases app images onto a newer run image without rebuilding them (target <c>BuildpackRebase</c>): reads the
/// properties and items, hands them to <see cref="RebaseService"/>, and logs one report line (or one coded error) per image.
/// </summary>
public sealed partial class BuildpackRebase : BuildpackTask
{
    private const int DefaultParallelism = 4;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var requests = Requests();
        var options = new RebaseOptions
        {
            RunImage = Trimmed(BuildpackRunImage),
            Force = BuildpackRebaseForce,
            DryRun = BuildpackRebaseDryRun,
            Platform = ParsePlatform(BuildpackPlatform),
            MaxParallelism = ParseParallelism(BuildpackRebaseParallelism),
        };
        var registrySettings = new RegistrySettings { InsecureRegistries = Split(BuildpackInsecureRegistries).ToList() };
        using var stores = new RebaseStores(registrySettings, Trimmed(BuildpackDockerHost));
        var outcomes = await new RebaseService(stores, new MSBuildRebaseLog(Log)).RebaseAsync(requests, options, cancellationToken).ConfigureAwait(false);

        var rebased = new List<ITaskItem>();
        foreach (var outcome in outcomes)
        {
            foreach (var warning in outcome.Warnings)
            {
                Log.LogWarning(null, warning.Code, null, null, 0, 0, 0, 0, warning.Text);
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
                Tag = Trimmed(item.GetMetadata("Tag")),
                RunImage = Trimmed(item.GetMetadata("RunImage")),
            }).ToList();
        }

        if (string.IsNullOrWhiteSpace(BuildpackImage))
        {
            throw CodedException.Of(Messages.NoRebaseImage);
        }

        return [new RebaseImageRequest { Image = BuildpackImage, Source = "BuildpackImage", Tag = Trimmed(BuildpackRebaseTag) }];
    }

    private static TaskItem ToItem(RebaseOutcome outcome)
    {
        var result = outcome.Result!;
        var item = new TaskItem(outcome.Request.Image);
        item.SetMetadata("Digest", result.NewImageDigest.ToString());
        item.SetMetadata("PreviousDigest", result.OldImageDigest.ToString());
        item.SetMetadata("RunImage", result.NewRunImage.ToString());
        item.SetMetadata("RunImageDigest", result.NewRunImageDigest.ToString());
        item.SetMetadata("PreviousRunImageDigest", result.OldRunImageDigest?.ToString() ?? "");
        item.SetMetadata("Tags", string.Join(";", outcome.Tags));
        item.SetMetadata("DryRun", outcome.IsDryRun ? "true" : "false");
        return item;
    }

    private static ImagePlatform? ParsePlatform(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return ImagePlatform.Parse(value.Trim());
        }
        catch (FormatException)
        {
            throw CodedException.Of(Messages.InvalidPlatform, value);
        }
    }

    private static int ParseParallelism(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DefaultParallelism
        : int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw CodedException.Of(Messages.InvalidRebaseParallelism, value);

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
