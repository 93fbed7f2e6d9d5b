using System.Globalization;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The containers a build runs (Platform API 0.12–0.15 flags). Trusted: one <c>creator</c>, as root, with the daemon
/// socket and registry credentials. Untrusted: <c>analyzer</c>, <c>detector</c>, <c>restorer</c>, <c>builder</c>,
/// <c>exporter</c>; the two that run buildpacks (detector, builder) start as the build user with neither the socket nor
/// credentials, and only the analyzer and exporter reach the daemon.
/// </summary>
internal static class LifecyclePlan
{
    private const string Layers = "/layers";
    private const string Cache = "/cache";
    private const string LaunchCache = "/launch-cache";
    private const string Platform = "/platform";
    private const string ContainerSocket = "/var/run/docker.sock";

    /// <summary>The one creator container of a trusted builder.</summary>
    public static PhaseSpec Creator(LifecycleSettings s)
    {
        var args = new List<string> { "-app", s.AppDirectory, "-layers", Layers, "-platform", Platform, "-run-image", s.RunImage.ToString() };
        AddCache(args, s);
        AddDaemon(args, s);
        AddPrevious(args, s);
        AddProcessType(args, s);
        if (s.SkipRestore)
        {
            args.Add("-skip-restore");
        }

        AddIds(args, s);
        AddInsecure(args, s);
        AddTags(args, s);
        AddLogLevel(args, s);
        args.Add(s.ExportNames[0].ToString());
        return new PhaseSpec("creator", args, Environment(s, credentials: true, created: true), [.. AppAndLayers(s), .. CacheBinds(s), .. DaemonBinds(s), .. s.BuildpackBinds], "root", Archives(s, app: true, platform: true));
    }

    /// <summary>The five phases of an untrusted builder, in order; the restorer is left out when the cache is cleared.</summary>
    public static IReadOnlyList<PhaseSpec> FivePhases(LifecycleSettings s)
    {
        var phases = new List<PhaseSpec> { Analyzer(s), Detector(s) };
        if (!s.SkipRestore)
        {
            phases.Add(Restorer(s));
        }

        phases.Add(Builder(s));
        phases.Add(Exporter(s));
        return phases;
    }

    private static PhaseSpec Analyzer(LifecycleSettings s)
    {
        var args = new List<string> { "-layers", Layers, "-run-image", s.RunImage.ToString() };
        if (s.CacheImage is { } cacheImage)
        {
            args.AddRange(["-cache-image", cacheImage.ToString()]);
        }

        if (s.UseDaemon)
        {
            args.Add("-daemon");
        }

        AddPrevious(args, s);
        AddIds(args, s);
        AddInsecure(args, s);
        AddTags(args, s);
        AddLogLevel(args, s);
        args.Add(s.ExportNames[0].ToString());
        return new PhaseSpec("analyzer", args, Environment(s, credentials: true, created: false), [LayersBind(s), .. DaemonBinds(s)], "root", []);
    }

    /// <summary>
    /// The detector again, at debug level, after a failed detection: its output (each buildpack's detect output, then
    /// its pass/fail line) says what each buildpack said. Same binds, user and inputs as <see cref="Detector"/>.
    /// </summary>
    public static PhaseSpec DetectReplay(LifecycleSettings s) => Detector(s with { Verbose = true });

    internal static PhaseSpec Detector(LifecycleSettings s)
    {
        var args = new List<string> { "-app", s.AppDirectory, "-layers", Layers, "-platform", Platform };
        AddLogLevel(args, s);
        return new PhaseSpec("detector", args, Environment(s, credentials: false, created: false), [.. AppAndLayers(s), .. s.BuildpackBinds], BuildUser(s), Archives(s, app: true, platform: true));
    }

    private static PhaseSpec Restorer(LifecycleSettings s)
    {
        var args = new List<string> { "-layers", Layers };
        AddCache(args, s);
        AddIds(args, s);
        AddInsecure(args, s);
        AddLogLevel(args, s);
        return new PhaseSpec("restorer", args, Environment(s, credentials: s.CacheImage is not null, created: false), [LayersBind(s), .. CacheBinds(s)], "root", []);
    }

    internal static PhaseSpec Builder(LifecycleSettings s)
    {
        var args = new List<string> { "-app", s.AppDirectory, "-layers", Layers, "-platform", Platform };
        AddLogLevel(args, s);
        return new PhaseSpec("builder", args, Environment(s, credentials: false, created: false), [.. AppAndLayers(s), .. s.BuildpackBinds], BuildUser(s), Archives(s, app: false, platform: true));
    }

    private static PhaseSpec Exporter(LifecycleSettings s)
    {
        var args = new List<string> { "-app", s.AppDirectory, "-layers", Layers };
        AddCache(args, s);
        AddDaemon(args, s);
        AddProcessType(args, s);
        AddIds(args, s);
        AddInsecure(args, s);
        AddLogLevel(args, s);
        args.AddRange(s.ExportNames.Select(n => n.ToString()));
        return new PhaseSpec("exporter", args, Environment(s, credentials: true, created: true), [.. AppAndLayers(s), .. CacheBinds(s), .. DaemonBinds(s)], "root", []);
    }

    private static string BuildUser(LifecycleSettings s) => $"{s.Uid.ToString(CultureInfo.InvariantCulture)}:{s.Gid.ToString(CultureInfo.InvariantCulture)}";

    private static string LayersBind(LifecycleSettings s) => $"{s.LayersVolume}:{Layers}";

    private static IEnumerable<string> AppAndLayers(LifecycleSettings s) => [$"{s.AppVolume}:{s.AppDirectory}", LayersBind(s)];

    private static IEnumerable<string> CacheBinds(LifecycleSettings s) => s.CacheSource is { } cache ? [$"{cache}:{Cache}"] : [];

    private static IEnumerable<string> DaemonBinds(LifecycleSettings s)
    {
        if (!s.UseDaemon)
        {
            return [];
        }

        var binds = new List<string>();
        if (s.DaemonSocket is { } socket)
        {
            binds.Add($"{socket}:{ContainerSocket}");
        }

        if (s.LaunchCacheVolume is { } launchCache)
        {
            binds.Add($"{launchCache}:{LaunchCache}");
        }

        return binds;
    }

    private static void AddCache(List<string> args, LifecycleSettings s)
    {
        if (s.CacheImage is { } image)
        {
            args.AddRange(["-cache-image", image.ToString()]);
        }
        else if (s.CacheSource is not null)
        {
            args.AddRange(["-cache-dir", Cache]);
        }
    }

    private static void AddDaemon(List<string> args, LifecycleSettings s)
    {
        if (s.UseDaemon)
        {
            args.Add("-daemon");
            if (s.LaunchCacheVolume is not null)
            {
                args.AddRange(["-launch-cache", LaunchCache]);
            }
        }
    }

    private static void AddPrevious(List<string> args, LifecycleSettings s)
    {
        if (s.PreviousImage is { } previous)
        {
            args.AddRange(["-previous-image", previous.ToString()]);
        }
    }

    private static void AddProcessType(List<string> args, LifecycleSettings s)
    {
        if (!string.IsNullOrEmpty(s.ProcessType))
        {
            args.AddRange(["-process-type", s.ProcessType]);
        }
    }

    private static void AddIds(List<string> args, LifecycleSettings s) =>
        args.AddRange(["-uid", s.Uid.ToString(CultureInfo.InvariantCulture), "-gid", s.Gid.ToString(CultureInfo.InvariantCulture)]);

    private static void AddInsecure(List<string> args, LifecycleSettings s)
    {
        foreach (var registry in s.InsecureRegistries)
        {
            args.AddRange(["-insecure-registry", registry]);
        }
    }

    private static void AddTags(List<string> args, LifecycleSettings s)
    {
        foreach (var tag in s.ExportNames.Skip(1))
        {
            args.AddRange(["-tag", tag.ToString()]);
        }
    }

    private static void AddLogLevel(List<string> args, LifecycleSettings s)
    {
        if (s.Verbose)
        {
            args.AddRange(["-log-level", "debug"]);
        }
    }

    private static List<string> Environment(LifecycleSettings s, bool credentials, bool created)
    {
        var env = new List<string> { $"CNB_PLATFORM_API={s.PlatformApi}" };
        if (credentials && s.RegistryAuth is { } auth)
        {
            env.Add($"{RegistryCredentials.RegistryAuthVariable}={auth}");
        }

        if (credentials && s.UseDaemon && s.DaemonHost is { } host)
        {
            env.Add($"DOCKER_HOST={host}");
        }

        if (created && s.SourceDateEpoch is { } epoch)
        {
            env.Add($"SOURCE_DATE_EPOCH={epoch.ToString(CultureInfo.InvariantCulture)}");
        }

        return env;
    }

    private static List<Func<CancellationToken, Task<Stream>>> Archives(LifecycleSettings s, bool app, bool platform)
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

        return archives;
    }
}
