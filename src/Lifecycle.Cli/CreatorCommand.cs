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

        var parsed = PhaseInputs.ParseWithImages(flags, args, host.Environment, host.Console);
        var tags = ImageNames.SingleWithTags(parsed);
        var inputs = parsed.ToLifecycleInputs(platformApi, host.Users) with { Tags = tags };
        var caches = CacheFlags.Read(parsed);

        using var targets = await ImageTargets.OpenAsync(parsed, ImageNames.Known(inputs, caches.Image), caches.LaunchCache, host.Console, cancellationToken).ConfigureAwait(false);
        targets.EnsureSameRegistry(inputs.Tags);
        var environment = await PrivilegeDrop.ApplyAsync(host, inputs.Uid, inputs.Gid, [inputs.LayersDir, caches.Directory, caches.LaunchCache], targets, setHomeAndUser: true, cancellationToken).ConfigureAwait(false);
        using var cache = await caches.OpenAsync(targets, host.Console, cancellationToken).ConfigureAwait(false);
        var result = await new Creator(
            inputs with
            {
                Store = targets.App,
                RunImageStore = targets.RunImages,
                Cache = cache,
                Created = CreatedTime.FromSourceDateEpoch(environment.GetValueOrDefault("SOURCE_DATE_EPOCH"), host.Console),
                HostEnvironment = environment,
            },
            host.Console).RunAsync(cancellationToken).ConfigureAwait(false);
        ExportSummary.Write(result, host.Console);
        return 0;
    }
}
