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
        var parsed = PhaseInputs.ParseWithImages(flags, args, host.Environment, host.Console);
        var image = ImageNames.Single(parsed);
        var tags = ImageNames.ParseAll(parsed.GetAll("tag", null), "tag");
        var inputs = parsed.ToLifecycleInputs(platformApi, host.Users) with { Tags = [image, .. tags] };
        var cacheImage = ImageNames.ParseOptional(parsed.GetOptional("cache-image", "CNB_CACHE_IMAGE"), "cache image");
        var launchCache = parsed.GetOptional("launch-cache", "CNB_LAUNCH_CACHE_DIR");

        using var targets = await ImageTargets.OpenAsync(parsed, ImageNames.Known(inputs, cacheImage), launchCache, host.Console, cancellationToken).ConfigureAwait(false);
        targets.EnsureSameRegistry(inputs.Tags);
        PrivilegeDrop.Apply(host, inputs.Uid, inputs.Gid, [inputs.LayersDir, launchCache], targets.DaemonSocket, setHomeAndUser: false);
        await new Analyzer(inputs with { Store = targets.App, RunImageStore = targets.RunImages }, host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
