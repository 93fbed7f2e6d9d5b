using Buildpacks.MSBuild.Tasks.Tests.Builders;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Tasks.Tests.Rebase;

/// <summary>
/// <c>dotnet msbuild -t:BuildpackRebase</c> as a child process on a plain .proj that has no app, whose only content is
/// the packed Buildpacks.MSBuild SDK from the local feed (build/pack.sh): the target needs no Build, no app, nothing else.
/// </summary>
[Collection(RebaseCollection.Name)]
public sealed class BuildpackRebaseTargetTests(RebaseFixture fixture)
{
    [Fact]
    public async Task The_target_rebases_an_image_from_a_plain_proj_over_the_packed_sdk()
    {
        var app = await fixture.CopyAppAsync("target");
        using var temp = new TempDirectory("bp-rebase-proj");
        var project = await PackedSdk.WriteProjectAsync(temp.Path);

        var result = await PackedSdk.MSBuildAsync(project, "-t:BuildpackRebase", $"-p:BuildpackImage={app}", "-p:BuildpackRebaseTag=patched");

        result.EnsureSuccess("dotnet msbuild -t:BuildpackRebase");
        var digest = await fixture.DigestOfAsync(app.WithTag("patched"));
        Assert.NotNull(digest);
        Assert.Contains($"BP5090: {app}: {fixture.V1.Digest} → {fixture.V2.Digest}; image {digest} written as {app.WithTag("patched")} (registry)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(fixture.AppImage.Digest, await fixture.DigestOfAsync(app));
    }

    [Fact]
    public async Task A_refusal_fails_the_build_with_its_code_and_writes_nothing()
    {
        var app = await fixture.CopyAppAsync("target-refused");
        using var temp = new TempDirectory("bp-rebase-proj");
        var project = await PackedSdk.WriteProjectAsync(temp.Path);

        var result = await PackedSdk.MSBuildAsync(project, "-t:BuildpackRebase", $"-p:BuildpackImage={app}", $"-p:BuildpackRunImage={RebaseFixture.RunV2}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error BP5003:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(fixture.AppImage.Digest, await fixture.DigestOfAsync(app));
    }
}
