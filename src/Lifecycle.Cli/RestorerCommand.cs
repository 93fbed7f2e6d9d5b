using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// <c>/cnb/lifecycle/restorer</c> (Platform API, "restorer"): flags <c>-analyzed -cache-dir -cache-image -daemon -gid
/// -group -insecure-registry -layers -layout -layout-dir -log-level -skip-layers -uid</c>. May start as root.
/// </summary>
internal static class RestorerCommand
{
    public static async Task<int> RunAsync(PlatformApi platformApi, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken)
    {
        var flags = ImageTargets.DefineFlags(new GoFlags()
            .String("analyzed").String("cache-dir").String("cache-image").String("gid").String("uid").String("group")
            .String("layers").Bool("skip-layers"));
        var parsed = PhaseInputs.ParseWithImages(flags, args, host.Environment, host.Console);
        ImageNames.None(parsed);
        var inputs = parsed.ToLifecycleInputs(platformApi, host.Users);
        var caches = CacheFlags.Read(parsed);
        var runImage = File.Exists(inputs.AnalyzedPath) && ImageReference.TryParse(ImageNames.ReadAnalyzed(inputs.AnalyzedPath, LifecycleExitCodes.RestoreError).RunImage?.Reference, out var reference)
            ? reference
            : null;

        using var targets = await ImageTargets.OpenAsync(
            parsed, new[] { caches.Image, runImage }.OfType<ImageReference>(), launchCache: null, host.Console, cancellationToken).ConfigureAwait(false);
        await PrivilegeDrop.ApplyAsync(host, inputs.Uid, inputs.Gid, [inputs.LayersDir, caches.Directory], targets, setHomeAndUser: false, cancellationToken).ConfigureAwait(false);
        using var cache = await caches.OpenAsync(targets, host.Console, cancellationToken).ConfigureAwait(false);
        await new Restorer(inputs with { Store = targets.App, RunImageStore = targets.RunImages, Cache = cache }, host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
