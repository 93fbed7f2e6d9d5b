using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Files;
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
        var inputs = PhaseInputs.ParseWithImages(flags, args, host.Environment, host.Console);
        var tags = ImageNames.AtLeastOne(inputs);
        var cacheImage = ImageNames.ParseOptional(inputs.GetOptional("cache-image", "CNB_CACHE_IMAGE"), "cache image");
        var cacheDir = inputs.GetOptional("cache-dir", "CNB_CACHE_DIR");
        var launchCache = inputs.GetOptional("launch-cache", "CNB_LAUNCH_CACHE_DIR");
        var uid = inputs.GetId("uid", "CNB_USER_ID", host.Users.CurrentUserId);
        var gid = inputs.GetId("gid", "CNB_GROUP_ID", host.Users.CurrentGroupId);
        var layersDir = inputs.LayersDir;
        var runPath = inputs.Get("run", "CNB_RUN_PATH", PlatformDefaults.RunPath);
        var analysis = ImageNames.ReadAnalyzed(inputs.AnalyzedPath, LifecycleExitCodes.ExportError);
        var runImage = ImageReference.TryParse(analysis.RunImage?.Reference, out var reference) ? reference : null;
        ImageReference[] known = [.. tags, .. new[] { cacheImage, runImage }.OfType<ImageReference>()];

        using var targets = await ImageTargets.OpenAsync(inputs, known, launchCache, host.Console, cancellationToken).ConfigureAwait(false);
        targets.EnsureSameRegistry(tags);
        PrivilegeDrop.Apply(host, uid, gid, [layersDir, cacheDir, launchCache], targets.DaemonSocket, setHomeAndUser: false);
        using var cache = await LayerCaches.OpenAsync(cacheImage, cacheDir, targets, host.Console, cancellationToken).ConfigureAwait(false);
        var runToml = File.Exists(runPath) ? RunToml.Read(runPath) : [];
        var options = AnalyzedExportInputs.Apply(
            new ExporterOptions
            {
                PlatformApi = platformApi,
                AppDir = inputs.AppDir,
                LayersDir = layersDir,
                GroupPath = inputs.GroupPath,
                LauncherPath = inputs.Get("launcher", "CNB_LAUNCHER_PATH", PlatformDefaults.LauncherPath),
                ProjectMetadataPath = inputs.GetOptional("project-metadata", "CNB_PROJECT_METADATA_PATH"),
                ReportPath = inputs.Get("report", "CNB_REPORT_PATH", PlatformDefaults.ReportPath(layersDir)),
                Uid = uid,
                Gid = gid,
                Created = CreatedTime.FromSourceDateEpoch(inputs.Environment.GetValueOrDefault("SOURCE_DATE_EPOCH"), host.Console),
                DefaultProcessType = inputs.GetOptional("process-type", "CNB_PROCESS_TYPE"),
                ExecEnv = inputs.ExecEnv,
                Store = targets.App,
                Tags = tags,
                RunImage = tags[0], // replaced from analyzed.toml
                RunImageStore = targets.RunImages,
                PreviousImageStore = targets.App,
                Cache = cache,
            },
            analysis,
            runToml);
        var result = await new Exporter(options, host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
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
