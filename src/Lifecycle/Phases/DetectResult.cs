using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.BuildPlan;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>What detection found: the group that passed and its build plan (group.toml and plan.toml).</summary>
/// <param name="Group">The buildpacks of the group, with their API and homepage.</param>
/// <param name="Plan">The resolved build plan.</param>
public sealed record DetectResult(IReadOnlyList<GroupElement> Group, ResolvedPlan Plan);
