using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// A publish output no buildpack group passes (a class library: no runtimeconfig.json) fails with the detect error,
/// which says what each buildpack said, and leaves nothing behind. (A class library makes an image only when asked
/// with EnableBuildpackImage=true.)
/// </summary>
public sealed class DetectFailureTests
{
    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task NoPassingGroupIsReportedWithWhatTheBuildpacksSaid(string execution)
    {
        using var project = await TestProject.CreateAsync(AppKind.Library, "not an app", "JustALibrary");
        await LeakCheck.AroundAsync(project, async () =>
        {
            var result = await project.PublishAsync(
                $"-p:BuildpackImage={SampleServices.UniqueRepository("no-group")}:1", "-p:BuildpackPublish=true",
                $"-p:BuildpackExecution={execution}", "-p:EnableBuildpackImage=true");
            result.EnsureFailedWith(Codes.Of(Messages.DetectFailed));

            // At normal verbosity the buildpacks' own output is not logged, so this comes with the error.
            result.EnsureLogContains("buildpacks-msbuild/dotnet-app");
            result.EnsureLogContains("No *.runtimeconfig.json in the app directory");
        });
    }
}
