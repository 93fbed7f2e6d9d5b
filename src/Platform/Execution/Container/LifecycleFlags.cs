using Buildpacks.Lifecycle.Api;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// Which flag each lifecycle phase defines at which Platform API: the one table every argument a platform passes goes
/// through. Read from the reference lifecycle's flag definitions (buildpacks/lifecycle <c>cmd/lifecycle/&lt;phase&gt;.go</c>,
/// <c>DefineFlags</c>, the same for these flags in v0.17 to v0.21, the releases that speak Platform API 0.12 and later).
/// Its flag set is Go's <c>flag.ExitOnError</c>: a flag the phase does not define at the negotiated API makes it exit 2
/// before doing anything, so a flag outside this table breaks a real builder. <c>-version</c>, <c>-log-level</c> and
/// <c>-no-color</c> are defined for every phase.
/// </summary>
internal static class LifecycleFlags
{
    /// <summary>The lifecycle phases a platform runs in containers.</summary>
    public const string Analyzer = "analyzer", Detector = "detector", Restorer = "restorer", Builder = "builder", Exporter = "exporter", Creator = "creator";

    private static readonly ApiVersion Oldest = new(0, 7);

    // phase → flag → (first Platform API that defines it, first that no longer does; null: still defined).
    private static readonly Dictionary<string, Dictionary<string, (ApiVersion Since, ApiVersion? Until)>> Table = new(StringComparer.Ordinal)
    {
        [Analyzer] = Flags(
            All("analyzed", "cache-image", "daemon", "gid", "layers", "previous-image", "run-image", "tag", "uid"),
            Since("0.9", "launch-cache", "skip-layers"),
            Since("0.12", "layout", "layout-dir", "run"),
            Since("0.13", "insecure-registry"),
            Until("0.12", "stack")),
        [Detector] = Flags(
            All("app", "buildpacks", "group", "layers", "order", "plan", "platform"),
            Since("0.10", "analyzed", "extensions", "generated"),
            Since("0.11", "build-config"),
            Since("0.12", "run"),
            Since("0.15", "system")),
        [Restorer] = Flags(
            All("analyzed", "cache-dir", "cache-image", "gid", "group", "layers", "skip-layers", "uid"),
            Since("0.10", "build-image"),
            Since("0.12", "daemon", "generated", "layout", "layout-dir"),
            Since("0.13", "insecure-registry"),
            Since("0.14", "run")),
        [Builder] = Flags(
            All("app", "buildpacks", "group", "layers", "plan", "platform"),
            Since("0.11", "build-config"),
            Since("0.12", "analyzed")),

        // -run-image is defined but refused unless it equals CNB_RUN_IMAGE ("-run-image is unsupported"): the exporter
        // takes the run image from analyzed.toml, so it is left out here.
        [Exporter] = Flags(
            All("analyzed", "app", "cache-dir", "cache-image", "daemon", "gid", "group", "launch-cache", "launcher", "layers", "process-type", "project-metadata", "report", "uid"),
            Since("0.11", "launcher-sbom"),
            Since("0.12", "extended", "layout", "layout-dir", "run"),
            Since("0.13", "insecure-registry"),
            Until("0.12", "stack")),
        [Creator] = Flags(
            All("app", "buildpacks", "cache-dir", "cache-image", "daemon", "gid", "launch-cache", "launcher", "layers", "order", "platform", "previous-image", "process-type", "project-metadata", "report", "run-image", "skip-restore", "stack", "tag", "uid"),
            Since("0.11", "build-config", "launcher-sbom"),
            Since("0.12", "layout", "layout-dir", "run"),
            Since("0.13", "insecure-registry"),
            Since("0.15", "system")),
    };

    private static readonly string[] EveryPhase = ["log-level", "no-color", "version"];

    /// <summary>Whether <paramref name="phase"/> defines <c>-<paramref name="flag"/></c> at Platform API <paramref name="api"/>.</summary>
    /// <exception cref="ArgumentException">The phase is not one of the six.</exception>
    public static bool Defines(string phase, string flag, ApiVersion api)
    {
        var flags = Table.TryGetValue(phase, out var found) ? found : throw new ArgumentException($"'{phase}' is not a lifecycle phase a platform runs.", nameof(phase));
        if (EveryPhase.Contains(flag, StringComparer.Ordinal))
        {
            return true;
        }

        return flags.TryGetValue(flag, out var range) && api >= range.Since && (range.Until is not { } until || api < until);
    }

    private static Dictionary<string, (ApiVersion, ApiVersion?)> Flags(params IEnumerable<(string Flag, ApiVersion Since, ApiVersion? Until)>[] groups) =>
        groups.SelectMany(g => g).ToDictionary(f => f.Flag, f => (f.Since, f.Until), StringComparer.Ordinal);

    private static IEnumerable<(string, ApiVersion, ApiVersion?)> All(params string[] flags) => flags.Select(f => (f, Oldest, (ApiVersion?)null));

    private static IEnumerable<(string, ApiVersion, ApiVersion?)> Since(string api, params string[] flags) => flags.Select(f => (f, ApiVersion.Parse(api), (ApiVersion?)null));

    private static IEnumerable<(string, ApiVersion, ApiVersion?)> Until(string api, params string[] flags) => flags.Select(f => (f, Oldest, (ApiVersion?)ApiVersion.Parse(api)));
}
