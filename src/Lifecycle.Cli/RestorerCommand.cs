using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Logging;
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
        var cacheImage = ImageNames.ParseOptional(parsed.GetOptional("cache-image", "CNB_CACHE_IMAGE"), "cache image");
        var cacheDir = parsed.GetOptional("cache-dir", "CNB_CACHE_DIR");
        var runImage = File.Exists(inputs.AnalyzedPath) && ImageReference.TryParse(ImageNames.ReadAnalyzed(inputs.AnalyzedPath, LifecycleExitCodes.RestoreError).RunImage?.Reference, out var reference)
            ? reference
            : null;

        using var targets = await ImageTargets.OpenAsync(
            parsed, new[] { cacheImage, runImage }.OfType<ImageReference>(), launchCache: null, host.Console, cancellationToken).ConfigureAwait(false);
        PrivilegeDrop.Apply(host, inputs.Uid, inputs.Gid, [inputs.LayersDir, cacheDir], targets.DaemonSocket, setHomeAndUser: false);
        using var cache = await LayerCaches.OpenAsync(cacheImage, cacheDir, targets, host.Console, cancellationToken).ConfigureAwait(false);
        await new Restorer(inputs with { Store = targets.App, RunImageStore = targets.RunImages, Cache = cache }, host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}

/// <summary>
/// The build cache of <c>-cache-image</c> (in the registry; it wins, as in the reference lifecycle) or <c>-cache-dir</c>;
/// none when neither is given.
/// </summary>
internal static class LayerCaches
{
    public static async Task<ILayerCache?> OpenAsync(
        ImageReference? cacheImage, string? cacheDir, ImageTargets targets, ConsoleOutput console, CancellationToken cancellationToken)
    {
        if (cacheImage is not null)
        {
            return await ImageCache.OpenAsync(targets.Registry, cacheImage, m => console.Write(LifecycleLogLevel.Warn, m), cancellationToken).ConfigureAwait(false);
        }

        return cacheDir is null ? null : DirectoryCache.Open(cacheDir);
    }
}
