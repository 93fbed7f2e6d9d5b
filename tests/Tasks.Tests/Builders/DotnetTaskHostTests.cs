using Buildpacks.TestInfrastructure;

namespace Buildpacks.MSBuild.Tasks.Tests.Builders;

/// <summary>
/// The .NET Framework MSBuild of Visual Studio 2022 (MSBuild 17) cannot run the .NET task assembly: every target that
/// runs a task stops first with BP1019 there. Visual Studio is not on this machine, so the targets are told they run
/// under it (the two properties they read MSBuild's runtime and version from), over the packed SDK.
/// </summary>
public sealed class DotnetTaskHostTests
{
    [Theory]
    [InlineData("BuildpackRebase")]
    [InlineData("PublishBuildpackImage")]
    [InlineData("CreateBuildpackBuilder")]
    public async Task Under_the_NET_Framework_MSBuild_17_a_target_fails_with_BP1019_before_its_task(string target)
    {
        using var temp = new TempDirectory("bp-vs");
        var project = await PackedSdk.WriteProjectAsync(temp.Path);

        var result = await PackedSdk.MSBuildAsync(project, $"-t:{target}", "-p:BuildpackImage=127.0.0.1:1/app:1", "-p:_BuildpacksMSBuildRuntimeType=Full", "-p:_BuildpacksMSBuildVersion=17.14.8");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error BP1019: Buildpacks.MSBuild's tasks are .NET assemblies", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("error BP5", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("error BP6", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_the_NET_Framework_MSBuild_18_the_task_runs()
    {
        using var temp = new TempDirectory("bp-vs");
        var project = await PackedSdk.WriteProjectAsync(temp.Path);

        var result = await PackedSdk.MSBuildAsync(project, "-t:BuildpackRebase", "-p:_BuildpacksMSBuildRuntimeType=Full", "-p:_BuildpacksMSBuildVersion=18.0.2");

        // Past the check, the rebase task itself runs, and says there is nothing to rebase.
        Assert.Contains("error BP5012:", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("BP1019", result.StandardOutput, StringComparison.Ordinal);
    }
}
