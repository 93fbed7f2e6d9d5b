using System.Globalization;
using Buildpacks.Lifecycle.Api;
using static Buildpacks.Platform.Execution.Container.LifecycleFlags;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The containers a build runs, as data (<see cref="PhaseSpec"/>), each flag through <see cref="PhaseArguments"/> and
/// so gated by phase and negotiated Platform API (<see cref="LifecycleFlags"/>). Trusted: one <c>creator</c>, as root,
/// with the daemon and registry credentials. Untrusted: <c>analyzer</c>, <c>detector</c>, <c>restorer</c>,
/// <c>builder</c>, <c>exporter</c>; the two that run buildpacks (detector, builder) start as the build user with neither
/// the daemon nor credentials, and the three that reach registries or the daemon run from
/// <see cref="LifecycleSettings.LifecycleImage"/> when one is given, as pack runs them, so no file of an untrusted
/// builder runs with them. The flags follow pack's <c>internal/build/lifecycle_execution.go</c>.
/// </summary>
internal static class LifecyclePlan
{
    private const string Layers = "/layers";
    private const string Cache = "/cache";
    private const string LaunchCache = "/launch-cache";
    private const string Platform = "/platform";

    /// <summary>The one creator container of a trusted builder.</summary>
    public static PhaseSpec Creator(LifecycleSettings s)
    {
        var args = new PhaseArguments(LifecycleFlags.Creator, Api(s))
            .Add("app", s.AppDirectory).Add("layers", Layers).Add("platform", Platform).Add("run-image", s.RunImage.ToString());
        AddCache(args, s);
        AddDaemon(args, s);
        args.AddIf("previous-image", s.PreviousImage?.ToString());
        args.AddIf("process-type", NullIfEmpty(s.ProcessType));
        if (s.SkipRestore)
        {
            args.Add("skip-restore");
        }

        AddIds(args, s);
        AddInsecure(args, s);
        args.AddEach("tag", s.ExportNames.Skip(1).Select(n => n.ToString()));
        AddLogging(args, s, buildsBuildpacks: true);
        return new PhaseSpec(
            LifecycleFlags.Creator,
            args.With(s.ExportNames[0].ToString()),
            Environment(s, credentials: true, daemon: s.UseDaemon, created: true),
            [.. AppAndLayers(s), .. CacheBinds(s), .. DaemonBinds(s), .. s.BuildpackBinds],
            "root",
            Archives(s, app: true, platform: true, daemon: s.UseDaemon));
    }

    /// <summary>The five phases of an untrusted builder, in order.</summary>
    public static IReadOnlyList<PhaseSpec> FivePhases(LifecycleSettings s) => [Analyzer(s), Detector(s), Restorer(s), Builder(s), Exporter(s)];

    /// <summary>
    /// The detector again, at debug level, after a failed detection: its output (each buildpack's detect output, then
    /// its pass/fail line) says what each buildpack said. Same binds, user and inputs as <see cref="Detector"/>.
    /// </summary>
    public static PhaseSpec DetectReplay(LifecycleSettings s) => Detector(s with { Verbose = true });

    /// <summary>The detector: runs buildpacks' detect as the build user, with the app and the platform directory, and no daemon or credentials.</summary>
    internal static PhaseSpec Detector(LifecycleSettings s)
    {
        var args = new PhaseArguments(LifecycleFlags.Detector, Api(s)).Add("app", s.AppDirectory).Add("layers", Layers).Add("platform", Platform);
        AddLogging(args, s);
        return new PhaseSpec(LifecycleFlags.Detector, args.With(), Environment(s, credentials: false, daemon: false, created: false), [.. AppAndLayers(s), .. s.BuildpackBinds], BuildUser(s), Archives(s, app: true, platform: true, daemon: false));
    }

    /// <summary>The builder: runs buildpacks' build as the build user, with no daemon or credentials.</summary>
    internal static PhaseSpec Builder(LifecycleSettings s)
    {
        var args = new PhaseArguments(LifecycleFlags.Builder, Api(s)).Add("app", s.AppDirectory).Add("layers", Layers).Add("platform", Platform);
        AddLogging(args, s, buildsBuildpacks: true);
        return new PhaseSpec(LifecycleFlags.Builder, args.With(), Environment(s, credentials: false, daemon: false, created: false), [.. AppAndLayers(s), .. s.BuildpackBinds], BuildUser(s), Archives(s, app: false, platform: true, daemon: false));
    }

    private static PhaseSpec Analyzer(LifecycleSettings s)
    {
        var args = new PhaseArguments(LifecycleFlags.Analyzer, Api(s)).Add("layers", Layers).Add("run-image", s.RunImage.ToString());
        args.AddIf("cache-image", s.CacheImage?.ToString());
        AddDaemon(args, s);
        args.AddIf("previous-image", s.PreviousImage?.ToString());
        AddIds(args, s);
        AddInsecure(args, s);
        args.AddEach("tag", s.ExportNames.Skip(1).Select(n => n.ToString()));
        AddLogging(args, s);
        return new PhaseSpec(
            LifecycleFlags.Analyzer,
            args.With(s.ExportNames[0].ToString()),
            Environment(s, credentials: true, daemon: s.UseDaemon, created: false),
            [LayersBind(s), .. DaemonBinds(s)],
            "root",
            Archives(s, app: false, platform: false, daemon: s.UseDaemon),
            s.LifecycleImage);
    }

    // The restorer reads the run image too (Platform API 0.14 and later, lifecycle 0.20: its access is checked when it is
    // in run.toml), so exporting to the daemon it gets -daemon and the socket, as pack gives it; credentials go with a
    // cache image. A cleared cache still runs it, with -skip-layers: store.toml comes back from the previous image.
    private static PhaseSpec Restorer(LifecycleSettings s)
    {
        var args = new PhaseArguments(LifecycleFlags.Restorer, Api(s)).Add("layers", Layers);
        AddCache(args, s);
        if (s.UseDaemon && args.Defines("daemon"))
        {
            args.Add("daemon");
        }

        if (s.SkipRestore)
        {
            args.Add("skip-layers");
        }

        AddIds(args, s);
        AddInsecure(args, s);
        AddLogging(args, s);
        var daemon = s.UseDaemon && args.Defines("daemon");
        return new PhaseSpec(
            LifecycleFlags.Restorer,
            args.With(),
            Environment(s, credentials: s.CacheImage is not null || !s.UseDaemon, daemon: daemon, created: false),
            [LayersBind(s), .. CacheBinds(s), .. daemon ? DaemonSocketBinds(s) : []],
            "root",
            Archives(s, app: false, platform: false, daemon: daemon),
            s.LifecycleImage);
    }

    private static PhaseSpec Exporter(LifecycleSettings s)
    {
        var args = new PhaseArguments(LifecycleFlags.Exporter, Api(s)).Add("app", s.AppDirectory).Add("layers", Layers);
        AddCache(args, s);
        AddDaemon(args, s);
        args.AddIf("process-type", NullIfEmpty(s.ProcessType));
        AddIds(args, s);
        AddInsecure(args, s);
        AddLogging(args, s);
        return new PhaseSpec(
            LifecycleFlags.Exporter,
            args.With(s.ExportNames.Select(n => n.ToString())),
            Environment(s, credentials: true, daemon: s.UseDaemon, created: true),
            [.. AppAndLayers(s), .. CacheBinds(s), .. DaemonBinds(s)],
            "root",
            Archives(s, app: false, platform: false, daemon: s.UseDaemon),
            s.LifecycleImage);
    }

    private static ApiVersion Api(LifecycleSettings s) => ApiVersion.Parse(s.PlatformApi);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string BuildUser(LifecycleSettings s) => $"{s.Uid.ToString(CultureInfo.InvariantCulture)}:{s.Gid.ToString(CultureInfo.InvariantCulture)}";

    private static string LayersBind(LifecycleSettings s) => $"{s.LayersVolume}:{Layers}";

    private static IEnumerable<string> AppAndLayers(LifecycleSettings s) => [$"{s.AppVolume}:{s.AppDirectory}", LayersBind(s)];

    private static IEnumerable<string> CacheBinds(LifecycleSettings s) => s.CacheSource is { } cache ? [$"{cache}:{Cache}"] : [];

    private static IEnumerable<string> DaemonSocketBinds(LifecycleSettings s) => s.UseDaemon && s.Daemon is { } daemon ? daemon.Binds : [];

    private static IEnumerable<string> DaemonBinds(LifecycleSettings s) =>
        [.. DaemonSocketBinds(s), .. s.UseDaemon && s.LaunchCacheVolume is { } launchCache ? [$"{launchCache}:{LaunchCache}"] : Array.Empty<string>()];

    private static void AddCache(PhaseArguments args, LifecycleSettings s)
    {
        if (s.CacheImage is { } image)
        {
            args.Add("cache-image", image.ToString());
        }
        else if (s.CacheSource is not null)
        {
            args.Add("cache-dir", Cache);
        }
    }

    private static void AddDaemon(PhaseArguments args, LifecycleSettings s)
    {
        if (s.UseDaemon)
        {
            args.Add("daemon");
            if (s.LaunchCacheVolume is not null)
            {
                args.Add("launch-cache", LaunchCache);
            }
        }
    }

    private static void AddIds(PhaseArguments args, LifecycleSettings s) =>
        args.Add("uid", s.Uid.ToString(CultureInfo.InvariantCulture)).Add("gid", s.Gid.ToString(CultureInfo.InvariantCulture));

    // -insecure-registry exists from Platform API 0.13 (lifecycle 0.19). At 0.12 the lifecycle reaches loopback and
    // private-address registries over HTTP by itself (go-containerregistry's Registry.Scheme), and is told nothing.
    private static void AddInsecure(PhaseArguments args, LifecycleSettings s)
    {
        if (args.Defines("insecure-registry"))
        {
            args.AddEach("insecure-registry", s.InsecureRegistries);
        }
    }

    // Every phase without colour: the reference lifecycle colours its ERROR:, Warning: and ===> prefixes by default (it
    // writes for pack's terminal), which would reach the build's log as escape codes and hide the lines that
    // PhaseFailure and BuildReport look for. The phases that run buildpacks' bin/build always log at debug level: only
    // then does the reference lifecycle say whose build starts ("Running build for buildpack id@version"), which a
    // failure's error names (BuildReport).
    private static void AddLogging(PhaseArguments args, LifecycleSettings s, bool buildsBuildpacks = false)
    {
        args.Add("no-color");
        if (s.Verbose || buildsBuildpacks)
        {
            args.Add("log-level", "debug");
        }
    }

    private static List<string> Environment(LifecycleSettings s, bool credentials, bool daemon, bool created)
    {
        var env = new List<string> { $"CNB_PLATFORM_API={s.PlatformApi}" };
        env.AddRange(s.Proxies);
        if (credentials && s.RegistryAuth is { } auth)
        {
            env.Add($"{RegistryCredentials.RegistryAuthVariable}={auth}");
        }

        if (daemon && s.Daemon is { } access)
        {
            env.AddRange(access.Environment);
        }

        if (created && s.SourceDateEpoch is { } epoch)
        {
            env.Add($"SOURCE_DATE_EPOCH={epoch.ToString(CultureInfo.InvariantCulture)}");
        }

        return env;
    }

    private static List<Func<CancellationToken, Task<Stream>>> Archives(LifecycleSettings s, bool app, bool platform, bool daemon)
    {
        var archives = new List<Func<CancellationToken, Task<Stream>>>();
        if (app)
        {
            archives.Add(s.AppArchive);
        }

        if (platform && s.PlatformArchive is { } env)
        {
            archives.Add(env);
        }

        if (s.RunToml is { } runToml)
        {
            archives.Add(runToml);
        }

        if (daemon && s.Daemon?.Files is { } files)
        {
            archives.Add(files);
        }

        return archives;
    }
}
