using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// <c>/cnb/lifecycle/creator</c> (Platform API, "creator"): the union of the five phases' flags, <c>-app -buildpacks
/// -build-config -cache-dir -cache-image -daemon -gid -insecure-registry -launch-cache -launcher -layers -layout
/// -layout-dir -log-level -order -platform -previous-image -process-type -project-metadata -report -run -run-image
/// -skip-restore -tag -uid &lt;image&gt;</c>, and <c>-system</c> for Platform API 0.15. Started as root (a trusted
/// builder), it builds the keychain, hands the layers and cache to the build user and becomes that user, with its
/// <c>HOME</c> and <c>USER</c>, before any buildpack runs.
/// </summary>
internal static class CreatorCommand
{
    public static async Task<int> RunAsync(PlatformApi platformApi, IReadOnlyList<string> args, PhaseHost host, CancellationToken cancellationToken)
    {
        var flags = ImageTargets.DefineFlags(new GoFlags()
            .String("app").String("buildpacks").String("build-config").String("cache-dir").String("cache-image")
            .String("gid").String("uid").String("launch-cache").String("launcher").String("layers").String("order")
            .String("platform").String("previous-image").String("process-type").String("project-metadata")
            .String("report").String("run").String("run-image").Bool("skip-restore").Strings("tag"));
        if (platformApi.SupportsSystemBuildpacks)
        {
            flags.String("system");
        }

        var inputs = PhaseInputs.ParseWithImages(flags, args, host.Environment, host.Console);
        var image = ImageNames.Single(inputs);
        var tags = ImageNames.ParseAll(inputs.GetAll("tag", null), "tag");
        var previous = ImageNames.ParseOptional(inputs.GetOptional("previous-image", "CNB_PREVIOUS_IMAGE"), "previous image");
        var cacheImage = ImageNames.ParseOptional(inputs.GetOptional("cache-image", "CNB_CACHE_IMAGE"), "cache image");
        var cacheDir = inputs.GetOptional("cache-dir", "CNB_CACHE_DIR");
        var launchCache = inputs.GetOptional("launch-cache", "CNB_LAUNCH_CACHE_DIR");
        var runImage = inputs.GetOptional("run-image", "CNB_RUN_IMAGE");
        var runPath = inputs.Get("run", "CNB_RUN_PATH", PlatformDefaults.RunPath);
        var uid = inputs.GetId("uid", "CNB_USER_ID", host.Users.CurrentUserId);
        var gid = inputs.GetId("gid", "CNB_GROUP_ID", host.Users.CurrentGroupId);
        var layersDir = inputs.LayersDir;
        ImageReference[] known = [image, .. tags, .. new[] { previous, cacheImage, ImageNames.ParseOptional(runImage, "run image") }.OfType<ImageReference>(), .. ImageNames.FromRunToml(runPath)];

        using var targets = await ImageTargets.OpenAsync(inputs, known, launchCache, host.Console, cancellationToken).ConfigureAwait(false);
        targets.EnsureSameRegistry([image, .. tags]);
        var environment = PrivilegeDrop.Apply(host, uid, gid, [layersDir, cacheDir, launchCache], targets.DaemonSocket, setHomeAndUser: true);
        using var cache = await LayerCaches.OpenAsync(cacheImage, cacheDir, targets, host.Console, cancellationToken).ConfigureAwait(false);
        var options = new CreatorOptions
        {
            PlatformApi = platformApi,
            AppDir = inputs.AppDir,
            LayersDir = layersDir,
            BuildpacksDir = inputs.BuildpacksDir,
            PlatformDir = inputs.PlatformDir,
            BuildConfigDir = inputs.BuildConfigDir,
            OrderPath = inputs.GetOptional("order", "CNB_ORDER_PATH"),
            SystemPath = platformApi.SupportsSystemBuildpacks ? inputs.Get("system", "CNB_SYSTEM_PATH", PlatformDefaults.SystemPath) : null,
            RunPath = runPath,
            RunImage = runImage,
            Tags = [image, .. tags],
            PreviousImage = previous,
            Store = targets.App,
            RunImageStore = targets.RunImages,
            Cache = cache,
            SkipRestore = inputs.GetBool("skip-restore", "CNB_SKIP_RESTORE", false),
            LauncherPath = inputs.Get("launcher", "CNB_LAUNCHER_PATH", PlatformDefaults.LauncherPath),
            Uid = uid,
            Gid = gid,
            Created = CreatedTime.FromSourceDateEpoch(environment.GetValueOrDefault("SOURCE_DATE_EPOCH"), host.Console),
            DefaultProcessType = inputs.GetOptional("process-type", "CNB_PROCESS_TYPE"),
            ExecEnv = inputs.ExecEnv,
            ReportPath = inputs.Get("report", "CNB_REPORT_PATH", PlatformDefaults.ReportPath(layersDir)),
            ProjectMetadataPath = inputs.GetOptional("project-metadata", "CNB_PROJECT_METADATA_PATH"),
            HostEnvironment = environment,
        };
        var result = await new Creator(options, host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        ExportSummary.Write(result, host.Console);
        return 0;
    }
}
