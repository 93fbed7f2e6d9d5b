using System.Text.Json.Nodes;
using Buildpacks.Images.References;
using static Buildpacks.MSBuild.Tasks.Tests.Rebase.RebaseTestKit;

namespace Buildpacks.MSBuild.Tasks.Tests.Rebase;

/// <summary>
/// Every refusal has its BP code and writes nothing: each test asks for the result under a new tag, and that tag
/// must not exist afterwards while the app image keeps its digest.
/// </summary>
[Collection(RebaseCollection.Name)]
public sealed class BuildpackRebaseRefusalTests(RebaseFixture fixture)
{
    private const string NewTag = "rebased";

    [Fact]
    public async Task An_app_labelled_not_rebasable_is_BP5001()
    {
        var app = await WriteVariantAsync(fixture.Store, fixture.AppImage, fixture.UniqueName("not-rebasable", "1"), c => WithLabel(c, "io.buildpacks.rebasable", "false"));

        await AssertRefusedAsync(app, "BP5001");
    }

    [Fact]
    public async Task A_run_image_of_another_architecture_is_BP5002_even_when_recorded_as_a_mirror_would_not_matter()
    {
        var app = await fixture.CopyAppAsync("other-arch");
        var arm64 = await WriteVariantAsync(fixture.Store, fixture.V2, fixture.UniqueName("run-arm64", "v2"), c => c with { Architecture = "arm64" });

        var error = await AssertRefusedAsync(app, "BP5002", arm64.ToString());

        Assert.Contains("arm64", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_image_that_is_neither_recorded_nor_a_mirror_is_BP5003_and_suggests_force()
    {
        var app = await fixture.CopyAppAsync("not-recorded");

        var error = await AssertRefusedAsync(app, "BP5003", RebaseFixture.RunV2.ToString());

        Assert.Contains(fixture.RunStable.ToString(), error, StringComparison.Ordinal);
        Assert.Contains(fixture.RunMirror.ToString(), error, StringComparison.Ordinal);
        Assert.Contains("BuildpackRebaseForce", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_without_the_metadata_label_is_BP5004()
    {
        var app = await WriteVariantAsync(fixture.Store, fixture.AppImage, fixture.UniqueName("no-metadata", "1"), c => WithLabel(c, "io.buildpacks.lifecycle.metadata", null));

        await AssertRefusedAsync(app, "BP5004", RebaseFixture.RunV2.ToString(), force: true);
    }

    [Fact]
    public async Task An_unreadable_metadata_label_is_BP5004()
    {
        var app = await WriteVariantAsync(fixture.Store, fixture.AppImage, fixture.UniqueName("bad-metadata", "1"), c => WithLabel(c, "io.buildpacks.lifecycle.metadata", "{not json"));

        await AssertRefusedAsync(app, "BP5004");
    }

    [Fact]
    public async Task An_app_that_records_no_run_image_needs_BuildpackRunImage_BP5007()
    {
        var app = await WriteVariantAsync(fixture.Store, fixture.AppImage, fixture.UniqueName("no-run-image", "1"), c =>
        {
            var metadata = JsonNode.Parse(c.Config.Labels!["io.buildpacks.lifecycle.metadata"])!.AsObject();
            metadata["runImage"]!["image"] = "";
            metadata["runImage"]!["mirrors"] = new JsonArray();
            metadata.Remove("stack");
            return WithLabel(c, "io.buildpacks.lifecycle.metadata", metadata.ToJsonString());
        });

        var error = await AssertRefusedAsync(app, "BP5007");

        Assert.Contains("BuildpackRunImage", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_of_platform_api_0_11_on_another_stack_is_BP5008_even_forced()
    {
        var app = await WriteVariantAsync(fixture.Store, fixture.AppImage, fixture.UniqueName("old-stack", "1"), c =>
        {
            var env = (c.Config.Env ?? []).Where(e => !e.StartsWith("CNB_PLATFORM_API=", StringComparison.Ordinal)).Append("CNB_PLATFORM_API=0.11").ToList();
            return WithLabel(c with { Config = c.Config with { Env = env } }, "io.buildpacks.stack.id", "io.example.other-stack");
        });

        await AssertRefusedAsync(app, "BP5008", force: true);
    }

    [Fact]
    public async Task A_missing_app_image_is_BP5005()
    {
        var app = fixture.UniqueName("missing", "1");

        var error = await AssertRefusedAsync(app, "BP5005");

        Assert.Contains(app.ToString(), error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_run_image_is_BP5006()
    {
        var app = await fixture.CopyAppAsync("missing-run");
        var run = fixture.UniqueName("no-such-run", "v9");

        var error = await AssertRefusedAsync(app, "BP5006", run.ToString());

        Assert.Contains(run.ToString(), error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Not/Valid", null, "BP5010")]
    [InlineData("oci:", null, "BP5010")]
    [InlineData("docker-daemon:bad//name:1", null, "BP5010")]
    [InlineData("127.0.0.1:5000/app:1", "bad tag!", "BP5011")]
    [InlineData("127.0.0.1:5000/app:1", "docker-daemon:app:1", "BP5011")]
    [InlineData("127.0.0.1:5000/app@sha256:0000000000000000000000000000000000000000000000000000000000000000", null, "BP5013")]
    [InlineData("", null, "BP5012")]
    public void Invalid_names_are_refused_before_any_image_is_read(string image, string? tag, string code)
    {
        var (succeeded, engine, _) = Run(t =>
        {
            t.BuildpackImage = image;
            t.BuildpackRebaseTag = tag;
        });

        Assert.False(succeeded);
        Assert.Equal(code, Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void An_invalid_run_image_name_an_invalid_platform_and_an_invalid_parallelism_have_their_codes()
    {
        Assert.Equal("BP5010", Assert.Single(Run(t => (t.BuildpackImage, t.BuildpackRunImage) = ("127.0.0.1:5000/app:1", "Run:Image")).Engine.Errors).Code);
        Assert.Equal("BP1008", Assert.Single(Run(t => (t.BuildpackImage, t.BuildpackPlatform) = ("127.0.0.1:5000/app:1", "linux")).Engine.Errors).Code);
        Assert.Equal("BP5014", Assert.Single(Run(t => (t.BuildpackImage, t.BuildpackRebaseParallelism) = ("127.0.0.1:5000/app:1", "0")).Engine.Errors).Code);
    }

    [Fact]
    public async Task One_refused_image_of_many_is_one_error_and_the_others_are_rebased()
    {
        var good = await fixture.CopyAppAsync("many-good");
        var missing = fixture.UniqueName("many-missing", "1");

        var (succeeded, engine, task) = Run(t => t.Images = [new Microsoft.Build.Utilities.TaskItem(good.ToString()), new Microsoft.Build.Utilities.TaskItem(missing.ToString())]);

        Assert.False(succeeded);
        Assert.Equal("BP5005", Assert.Single(engine.Errors).Code);
        Assert.Equal(good.ToString(), Assert.Single(task.RebasedImages).ItemSpec);
        Assert.NotEqual(fixture.AppImage.Digest, await fixture.DigestOfAsync(good));
    }

    /// <summary>Runs the task on <paramref name="app"/> writing to <see cref="NewTag"/>; asserts the code and that nothing was written; returns the error text.</summary>
    private async Task<string> AssertRefusedAsync(ImageReference app, string code, string? runImage = null, bool force = false)
    {
        var before = await fixture.DigestOfAsync(app);

        var (succeeded, engine, task) = Run(t =>
        {
            t.BuildpackImage = app.ToString();
            t.BuildpackRunImage = runImage;
            t.BuildpackRebaseTag = NewTag;
            t.BuildpackRebaseForce = force;
        });

        Assert.False(succeeded);
        var error = Assert.Single(engine.Errors);
        Assert.True(error.Code == code, $"{error.Code}: {error.Message}");
        Assert.Empty(task.RebasedImages);
        Assert.Null(await fixture.DigestOfAsync(app.WithTag(NewTag)));
        Assert.Equal(before, await fixture.DigestOfAsync(app));
        return error.Message ?? "";
    }
}
