using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.BuildPlan;
using Buildpacks.Lifecycle.Tests.Support;
using Tomlyn.Model;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.BuildPlan;

public sealed class BuildPlanResolverTests
{
    private static PlanSections Sections(string[]? provides = null, string[]? requires = null) =>
        new((provides ?? []).Select(n => new Provide(n)).ToList(), (requires ?? []).Select(n => new Require(n, new TomlTable())).ToList());

    private static PassedBuildpack Passed(string id, bool optional, PlanSections main, params PlanSections[] or) =>
        new(new GroupElement(id, "1", optional), new DetectOutput(main, or));

    private static PlanResolution? Resolve(params PassedBuildpack[] passed) => BuildPlanResolver.Resolve(passed, new RecordingLog());

    [Fact]
    public void A_buildpack_can_provide_what_it_requires()
    {
        var resolution = Resolve(Passed("a", false, Sections(["x"], ["x"])));

        Assert.NotNull(resolution);
        Assert.Equal("a", Assert.Single(Assert.Single(resolution.Plan.Entries).Providers).Id);
    }

    [Fact]
    public void A_require_before_its_provider_is_unmet()
    {
        Assert.Null(Resolve(Passed("a", false, Sections(requires: ["x"])), Passed("b", false, Sections(provides: ["x"]))));
    }

    [Fact]
    public void A_provide_nothing_requires_fails_a_required_buildpack()
    {
        Assert.Null(Resolve(Passed("a", false, Sections(provides: ["x"]))));
    }

    [Fact]
    public void Alternatives_are_tried_depth_first_in_order()
    {
        // a: top-level needs "jdk" (unprovided), or[0] provides jdk (unused unless b requires it), or[1] nothing.
        // b: requires jdk. The first trial that resolves is a=or[0], b=main.
        var resolution = Resolve(
            Passed("a", false, Sections(requires: ["jdk"]), Sections(provides: ["jdk"]), Sections()),
            Passed("b", false, Sections(requires: ["jdk"])));

        Assert.NotNull(resolution);
        var entry = Assert.Single(resolution.Plan.Entries);
        Assert.Equal("jdk", entry.Requires.Single().Name);
        Assert.Equal("a", entry.Providers.Single().Id);
    }

    [Fact]
    public void An_optional_buildpack_is_optional_only_in_its_last_alternative()
    {
        // o's first option requires an unprovided "y": as required there, that trial fails; its last option (nothing)
        // is optional, yet resolves with o in the group because an empty option has nothing unmet.
        var resolution = Resolve(
            Passed("o", true, Sections(requires: ["y"]), Sections()),
            Passed("b", false, Sections(["x"], ["x"])));

        Assert.NotNull(resolution);
        Assert.Equal(["o", "b"], resolution.Group.Select(e => e.Id));
        Assert.All(resolution.Group, e => Assert.False(e.Optional));
    }

    [Fact]
    public void An_optional_buildpack_with_an_unmet_require_is_removed_and_the_rest_resolves()
    {
        var resolution = Resolve(
            Passed("o", true, Sections(requires: ["y"])),
            Passed("b", false, Sections(["x"], ["x"])));

        Assert.NotNull(resolution);
        Assert.Equal(["b"], resolution.Group.Select(e => e.Id));
    }

    [Fact]
    public void Removing_an_optional_buildpack_can_make_another_unmet_in_the_next_round()
    {
        // o2 provides z only for o1; o1 requires y nobody provides. Removing o1 leaves o2's provide unused: o2 goes too.
        var resolution = Resolve(
            Passed("o2", true, Sections(provides: ["z"])),
            Passed("o1", true, Sections(requires: ["z", "y"])),
            Passed("b", false, Sections(["x"], ["x"])));

        Assert.NotNull(resolution);
        Assert.Equal(["b"], resolution.Group.Select(e => e.Id));
    }

    [Fact]
    public void Every_requirer_of_a_name_is_listed_with_all_earlier_providers()
    {
        var resolution = Resolve(
            Passed("p1", false, Sections(provides: ["x"])),
            Passed("p2", false, Sections(provides: ["x"])),
            Passed("r1", false, Sections(requires: ["x"])),
            Passed("r2", false, Sections(requires: ["x"])));

        var entry = Assert.Single(resolution!.Plan.Entries);
        Assert.Equal(["p1", "p2"], entry.Providers.Select(p => p.Id));
        Assert.Equal(2, entry.Requires.Count);
    }
}
