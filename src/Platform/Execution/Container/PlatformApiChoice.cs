using Buildpacks.Lifecycle.Api;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The Platform API a build speaks to the builder's lifecycle: the highest both sides support, and, when the privileged
/// phases run from a lifecycle image, that image's lifecycle too (pack's <c>FindLatestSupported</c>).
/// </summary>
internal static class PlatformApiChoice
{
    /// <summary>
    /// The Platform APIs this platform drives: the flags and files of 0.12 to 0.15 (<see cref="LifecycleFlags"/>), which
    /// lifecycle 0.17 and later speak. Every current builder's lifecycle does (Paketo's jammy and noble builders, Heroku's
    /// and Google's ship 0.21); older ones would need <c>stack.toml</c> and <c>-stack</c> instead of run.toml.
    /// </summary>
    public static IReadOnlyList<string> Ours { get; } = ["0.12", "0.13", "0.14", "0.15"];

    /// <summary>
    /// The highest API of <see cref="Ours"/> that <paramref name="lifecycle"/> supports (deprecated ones count) and, when
    /// given, <paramref name="lifecycleImage"/>'s lifecycle supports too.
    /// </summary>
    /// <exception cref="CodedException">BP3007 when there is none.</exception>
    public static string Choose(LifecycleDescriptor lifecycle, string builder, IReadOnlyCollection<string>? lifecycleImage = null)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        var theirs = lifecycle.Platform.Supported.Concat(lifecycle.Platform.Deprecated).ToList();
        var common = Ours
            .Where(ours => Speaks(theirs, ours) && (lifecycleImage is null || Speaks(lifecycleImage, ours)))
            .OrderByDescending(ApiVersion.Parse)
            .ToList();
        var offered = lifecycleImage is null ? theirs : theirs.Where(t => Speaks(lifecycleImage, t)).ToList();
        return common.Count > 0
            ? common[0]
            : throw CodedException.Of(Messages.NoCommonPlatformApi, builder, offered.Count == 0 ? "(none)" : string.Join(", ", offered), string.Join(", ", Ours));
    }

    private static bool Speaks(IEnumerable<string> apis, string api) =>
        apis.Any(a => ApiVersion.TryParse(a, out var version) && version == ApiVersion.Parse(api));
}
