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
        var tags = ImageNames.SingleWithTags(parsed);
        var inputs = parsed.ToLifecycleInputs(platformApi, host.Users) with { Tags = tags };
        var caches = CacheFlags.Read(parsed);

        using var targets = await ImageTargets.OpenAsync(parsed, ImageNames.Known(inputs, caches.Image), caches.LaunchCache, host.Console, cancellationToken).ConfigureAwait(false);
        targets.EnsureSameRegistry(inputs.Tags);
        await PrivilegeDrop.ApplyAsync(host, inputs.Uid, inputs.Gid, [inputs.LayersDir, caches.LaunchCache], targets, setHomeAndUser: false, cancellationToken).ConfigureAwait(false);
        await new Analyzer(inputs with { Store = targets.App, RunImageStore = targets.RunImages }, host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
