using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// Inputs that cannot work are found before any work, each with its own code, and nothing is written: an output path
/// of the wrong kind, a platform the builder lacks, a run image that is not there.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class InputCheckTests(ConsoleProjectFixture console)
{
    [Fact]
    public async Task AnArchivePathThatIsADirectoryIsReportedBeforeTheBuild()
    {
        var directory = Directory.CreateDirectory(console.Project.Output($"archive-dir-{Guid.NewGuid():N}")).FullName;
        var image = UniqueImage("archive-dir");
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync($"-p:BuildpackImage={image}", $"-p:BuildpackArchiveOutputPath={directory}", "-p:BuildpackExecution=Local");
            result.EnsureFailedWith(Codes.Of(Messages.OutputPathWrongKind));
            Assert.Contains("BuildpackArchiveOutputPath", result.ErrorLine(Codes.Of(Messages.OutputPathWrongKind)), StringComparison.Ordinal);
            Assert.DoesNotContain($"Building {image}", result.Log, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        });
    }

    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task APlatformTheBuilderLacksIsReported(string execution)
    {
        // The sample builder is an index (amd64, arm64): its amd64 manifest alone is a builder without arm64.
        var amd64Only = await SampleServices.PinnedBuilderAsync();
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync(
                $"-p:BuildpackImage={UniqueImage("platform")}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}", "-p:BuildpackPlatform=linux/arm64",
                $"-p:BuildpackBuilder={amd64Only}");
            result.EnsureFailedWith(Codes.Of(Messages.PlatformNotInImage));
            var error = result.ErrorLine(Codes.Of(Messages.PlatformNotInImage));
            Assert.Contains("linux/arm64", error, StringComparison.Ordinal);
            Assert.Contains("linux/amd64", error, StringComparison.Ordinal);
            Assert.DoesNotContain("===> ", result.Log, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task AMissingRunImageIsReportedBeforeTheLifecycleRuns(string execution)
    {
        var runImage = SampleServices.UniqueRepository("no-run-image") + ":1";
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync(
                $"-p:BuildpackImage={UniqueImage("run-image")}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}", $"-p:BuildpackRunImage={runImage}");
            result.EnsureFailedWith(Codes.Of(Messages.RunImageNotFound));
            Assert.Contains(runImage, result.ErrorLine(Codes.Of(Messages.RunImageNotFound)), StringComparison.Ordinal);
            Assert.DoesNotContain("===> ", result.Log, StringComparison.Ordinal);
        });
    }

    private static string UniqueImage(string purpose) => SampleServices.UniqueRepository(purpose) + ":1";
}
