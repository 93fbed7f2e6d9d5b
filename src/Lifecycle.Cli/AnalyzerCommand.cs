using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// <c>/cnb/lifecycle/analyzer</c> (Platform API, "analyzer"): flags <c>-analyzed -cache-image -daemon -gid
/// -insecure-registry -launch-cache -layers -layout -layout-dir -log-level -previous-image -run -run-image -skip-layers
/// -tag -uid &lt;image&gt;</c>. May start as root: it drops to the build user once the keychain exists.
/// </summary>
internal static class AnalyzerCommand
{
    public static async Task<int> RunAsync(PlatformApi platformApi, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken)
    {
        var flags = ImageTargets.DefineFlags(new GoFlags()
            .String("analyzed").String("cache-image").String("gid").String("uid").String("launch-cache").String("layers")
            .String("previous-image").String("run").String("run-image").Bool("skip-layers").Strings("tag"));
        var inputs = PhaseInputs.ParseWithImages(flags, args, host.Environment, host.Console);
        var image = ImageNames.Single(inputs);
        var tags = ImageNames.ParseAll(inputs.GetAll("tag", null), "tag");
        var previous = ImageNames.ParseOptional(inputs.GetOptional("previous-image", "CNB_PREVIOUS_IMAGE"), "previous image");
        var cacheImage = ImageNames.ParseOptional(inputs.GetOptional("cache-image", "CNB_CACHE_IMAGE"), "cache image");
        var runImage = inputs.GetOptional("run-image", "CNB_RUN_IMAGE");
        var runPath = inputs.Get("run", "CNB_RUN_PATH", PlatformDefaults.RunPath);
        var launchCache = inputs.GetOptional("launch-cache", "CNB_LAUNCH_CACHE_DIR");
        var uid = inputs.GetId("uid", "CNB_USER_ID", host.Users.CurrentUserId);
        var gid = inputs.GetId("gid", "CNB_GROUP_ID", host.Users.CurrentGroupId);
        var layersDir = inputs.LayersDir;
        ImageReference[] known = [image, .. tags, .. new[] { previous, cacheImage, ImageNames.ParseOptional(runImage, "run image") }.OfType<ImageReference>(), .. ImageNames.FromRunToml(runPath)];

        using var targets = await ImageTargets.OpenAsync(inputs, known, launchCache, host.Console, cancellationToken).ConfigureAwait(false);
        targets.EnsureSameRegistry([image, .. tags]);
        PrivilegeDrop.Apply(host, uid, gid, [layersDir, launchCache], targets.DaemonSocket, setHomeAndUser: false);
        await new Analyzer(
            new AnalyzerOptions
            {
                PlatformApi = platformApi,
                OutputImage = image,
                PreviousImage = previous,
                RunImage = runImage,
                RunPath = runPath,
                Stores = new ImageStores(targets.App, targets.RunImages),
                LayersDir = layersDir,
                AnalyzedPath = inputs.AnalyzedPath,
                SkipLayers = inputs.GetBool("skip-layers", "CNB_SKIP_LAYERS", false),
            },
            host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
