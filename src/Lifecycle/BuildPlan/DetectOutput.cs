namespace Buildpacks.Lifecycle.BuildPlan;

/// <summary>
/// What a passing <c>bin/detect</c> wrote to its build plan: the top-level provides/requires, then the <c>[[or]]</c>
/// alternatives in the order tried (Buildpack API, "Build Plan (TOML)").
/// </summary>
/// <param name="Main">The top-level sections.</param>
/// <param name="Alternatives">The <c>[[or]]</c> sections.</param>
public sealed record DetectOutput(PlanSections Main, IReadOnlyList<PlanSections> Alternatives)
{
    /// <summary>A buildpack that wrote nothing to its plan.</summary>
    public static DetectOutput Empty { get; } = new(PlanSections.Empty, []);

    /// <summary>All options in trial order: the top-level sections first, then each alternative.</summary>
    public IEnumerable<PlanSections> Options => Alternatives.Prepend(Main);
}
