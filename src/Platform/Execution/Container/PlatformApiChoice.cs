using Buildpacks.Lifecycle.Api;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>The Platform API a build speaks to the builder's lifecycle: the highest both sides support.</summary>
internal static class PlatformApiChoice
{
    /// <summary>The Platform APIs this platform drives (the flags and files it uses are those of 0.12 to 0.15).</summary>
    public static IReadOnlyList<string> Ours { get; } = ["0.12", "0.13", "0.14", "0.15"];

    /// <summary>The highest API of <see cref="Ours"/> that <paramref name="lifecycle"/> supports (deprecated ones count).</summary>
    /// <exception cref="CodedException">BP3007 when there is none.</exception>
    public static string Choose(LifecycleDescriptor lifecycle, string builder)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        var theirs = lifecycle.Platform.Supported.Concat(lifecycle.Platform.Deprecated).ToList();
        var common = Ours
            .Where(ours => theirs.Any(t => ApiVersion.TryParse(t, out var version) && ApiVersion.TryParse(ours, out var mine) && version == mine))
            .Select(ours => (Text: ours, Version: ApiVersion.TryParse(ours, out var v) ? v : default))
            .OrderByDescending(a => a.Version)
            .ToList();
        return common.Count > 0
            ? common[0].Text
            : throw CodedException.Of(Messages.NoCommonPlatformApi, builder, theirs.Count == 0 ? "(none)" : string.Join(", ", theirs), string.Join(", ", Ours));
    }
}
