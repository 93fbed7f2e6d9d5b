using Tomlyn.Model;

namespace Buildpacks.Lifecycle.BuildPlan;

/// <summary>
/// A dependency a buildpack requires (<c>[[requires]] name, [requires.metadata]</c>; Buildpack API, "Build Plan").
/// The metadata is free-form and passed on unchanged to the providing buildpack.
/// </summary>
/// <param name="Name">The dependency name.</param>
/// <param name="Metadata">Free-form metadata; empty when the buildpack gave none.</param>
public sealed record Require(string Name, TomlTable Metadata);

/// <summary>A dependency a buildpack provides (<c>[[provides]] name</c>).</summary>
/// <param name="Name">The dependency name.</param>
public sealed record Provide(string Name);

/// <summary>One alternative of a detect output: what a buildpack provides and requires together.</summary>
/// <param name="Provides">Provided dependencies.</param>
/// <param name="Requires">Required dependencies.</param>
public sealed record PlanSections(IReadOnlyList<Provide> Provides, IReadOnlyList<Require> Requires)
{
    /// <summary>Neither provides nor requires.</summary>
    public static PlanSections Empty { get; } = new([], []);
}
