using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// <c>/cnb/lifecycle/exporter</c> (Platform API, "exporter"): flags <c>-analyzed -app -cache-dir -cache-image -daemon
/// -gid -group -insecure-registry -launch-cache -launcher -layers -layout -layout-dir -log-level -parallel -process-type
/// -project-metadata -report -run -uid &lt;image&gt; [&lt;image&gt;…]</c>. The run image comes from analyzed.toml, so
/// <c>-run-image</c> is not a flag here (lifecycle refuses it). <c>-parallel</c> is accepted for platforms that pass it;
/// the image and the cache are written one after the other. May start as root.
/// </summary>
internal static class ExporterCommand
{
    public static async Task<int> RunAsync(PlatformApi platformApi, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken)
    {
        var flags = ImageTargets.DefineFlags(new GoFlags()
            .String("analyzed").String("app").String("cache-dir").String("cache-image").String("gid").String("uid")
            .String("group").String("launch-cache").String("launcher").String("layers").Bool("parallel")
            .String("process-type").String("project-metadata").String("report").String("run"));
        var parsed = PhaseInputs.ParseWithImages(flags, args, host.Environment, host.Console);
        var tags = ImageNames.AtLeastOne(parsed);
        var inputs = parsed.ToLifecycleInputs(platformApi, host.Users) with { Tags = tags };
        var caches = CacheFlags.Read(parsed);
        var analysis = ImageNames.ReadAnalyzed(inputs.AnalyzedPath, LifecycleExitCodes.ExportError);
        var runImage = ImageReference.TryParse(analysis.RunImage?.Reference, out var reference) ? reference : null;
        ImageReference[] known = [.. inputs.Tags, .. new[] { caches.Image, runImage }.OfType<ImageReference>()];

        using var targets = await ImageTargets.OpenAsync(parsed, known, caches.LaunchCache, host.Console, cancellationToken).ConfigureAwait(false);
        targets.EnsureSameRegistry(inputs.Tags);
        await PrivilegeDrop.ApplyAsync(host, inputs.Uid, inputs.Gid, [inputs.LayersDir, caches.Directory, caches.LaunchCache], targets, setHomeAndUser: false, cancellationToken).ConfigureAwait(false);
        using var cache = await caches.OpenAsync(targets, host.Console, cancellationToken).ConfigureAwait(false);
        var result = await new Exporter(
            inputs with
            {
                Store = targets.App,
                RunImageStore = targets.RunImages,
                Cache = cache,
                Created = CreatedTime.FromSourceDateEpoch(parsed.Environment.GetValueOrDefault("SOURCE_DATE_EPOCH"), host.Console),
            },
            host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        ExportSummary.Write(result, host.Console);
        return 0;
    }
}

/// <summary>
/// The line the reference exporter ends with, after the exporter's own image names and manifest size: the digest a
/// platform reads from the log (also in report.toml).
/// </summary>
internal static class ExportSummary
{
    public static void Write(ExportResult result, ConsoleOutput console) =>
        console.Write(LifecycleLogLevel.Info, $"*** Digest: {result.Image.ManifestDigest}");
}
