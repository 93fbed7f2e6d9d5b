using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Rebase;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// <c>/cnb/lifecycle/rebaser</c> (Platform API, "rebaser"): flags <c>-daemon -force -gid -insecure-registry -log-level
/// -previous-image -report -run-image -uid &lt;image&gt;…</c> (<c>-image</c> is the deprecated spelling of
/// <c>-run-image</c>). May start as root. The app image is <c>-previous-image</c>, else the first name; the result is
/// written under every name.
/// </summary>
internal static class RebaserCommand
{
    public static async Task<int> RunAsync(PlatformApi platformApi, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken)
    {
        var flags = ImageTargets.DefineFlags(new GoFlags()
            .Bool("force").String("gid").String("uid").String("previous-image").String("report").String("run-image").String("image"));
        var inputs = PhaseInputs.ParseWithImages(flags, args, host.Environment, host.Console);
        var tags = ImageNames.AtLeastOne(inputs);
        var previous = ImageNames.ParseOptional(inputs.GetOptional("previous-image", "CNB_PREVIOUS_IMAGE"), "previous image");
        var runImage = ImageNames.ParseOptional(inputs.GetOptional("run-image", "CNB_RUN_IMAGE") ?? inputs.GetOptional("image", "CNB_RUN_IMAGE"), "run image");
        var uid = inputs.GetId("uid", "CNB_USER_ID", host.Users.CurrentUserId);
        var gid = inputs.GetId("gid", "CNB_GROUP_ID", host.Users.CurrentGroupId);
        // The default <layers>/report.toml only where the default layers directory exists: a rebase needs no build volumes.
        var defaults = new LifecycleInputs { PlatformApi = platformApi };
        var reportPath = inputs.GetOptional("report", "CNB_REPORT_PATH") ?? (Directory.Exists(defaults.LayersDir) ? defaults.ReportPath : null);

        using var targets = await ImageTargets.OpenAsync(
            inputs, [.. tags, .. new[] { previous, runImage }.OfType<Images.References.ImageReference>()], launchCache: null, host.Console, cancellationToken).ConfigureAwait(false);
        targets.EnsureSameRegistry(tags);
        await PrivilegeDrop.ApplyAsync(host, uid, gid, [], targets, setHomeAndUser: false, cancellationToken).ConfigureAwait(false);
        var result = await new Rebaser(host.Console).RebaseAsync(
            new RebaseRequest
            {
                Store = targets.App,
                AppImage = previous ?? tags[0],
                Tags = tags,
                RunImage = runImage,
                RunImageStore = targets.RunImages,
                Force = inputs.GetBool("force", "CNB_FORCE_REBASE", false),
                ReportPath = reportPath,
            },
            cancellationToken).ConfigureAwait(false);
        host.Console.Write(LifecycleLogLevel.Info, $"*** Images ({result.NewImageDigest.Hex[..12]}):");
        foreach (var tag in tags)
        {
            host.Console.Write(LifecycleLogLevel.Info, $"      {tag}");
        }

        host.Console.Write(LifecycleLogLevel.Info, $"*** Digest: {result.NewImageDigest}");
        return 0;
    }
}
