using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Lifecycle.BuildPlan;

/// <summary>
/// One entry of the resolved build plan (<c>plan.toml</c> <c>[[entries]]</c>): a dependency name's providers and every
/// requirement of it (Platform API, "plan.toml").
/// </summary>
/// <param name="Providers">The buildpacks that provide the dependency (id and version only).</param>
/// <param name="Requires">The requirements, in group order.</param>
public sealed record PlanEntry(IReadOnlyList<GroupElement> Providers, IReadOnlyList<Require> Requires);

/// <summary>The resolved build plan written by the detector and read by the builder.</summary>
/// <param name="Entries">The entries.</param>
public sealed record ResolvedPlan(IReadOnlyList<PlanEntry> Entries)
{
    /// <summary>A plan with no entries.</summary>
    public static ResolvedPlan Empty { get; } = new([]);

    /// <summary>
    /// The buildpack plan of <paramref name="buildpackId"/>: the requires of every entry that lists it as a provider
    /// (lifecycle platform/files/plan.go Find). Several requires may share a name.
    /// </summary>
    public IReadOnlyList<Require> Find(string buildpackId) =>
        Entries.Where(e => e.Providers.Any(p => p.Id == buildpackId)).SelectMany(e => e.Requires).ToList();

    /// <summary>
    /// The plan left for later buildpacks once <paramref name="metNames"/> are met: entries with a require of a met name
    /// are removed (Buildpack API, "Build Plan"; lifecycle plan.go Filter).
    /// </summary>
    public ResolvedPlan Without(IReadOnlyCollection<string> metNames) =>
        new(Entries.Where(e => !e.Requires.Any(r => metNames.Contains(r.Name))).ToList());
}
