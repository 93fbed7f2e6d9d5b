using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// The builder prepared ahead of the image step (PrepareBuildpackBuilder, before the project compiles): a Local publish
/// meeting the builder for the first time starts extracting its file system while the project builds, and the image
/// step joins that extraction (or, where it got there first, makes it itself: either way one copy). A publish that fails
/// to compile after the preparation started leaves no partial copy in the user cache; BuildpackPrepareBuilder=false
/// turns the preparation off.
/// </summary>
public sealed class BuilderPreparationTests
{
    private const string Preparing = "in the background while the project builds";

    [Fact]
    public async Task ALocalPublishPreparesTheBuilderWhileItBuildsAndAFailedCompileLeavesNoPartialCopy()
    {
        using var project = await TestProject.CreateAsync(AppKind.Console, "Hello, prepared", "Prepared");
        var builder = await SampleServices.PinnedBuilderAsync();
        var roots = Path.Combine(project.Output("user-cache"), "buildpacks-msbuild", "builder-roots");
        var userCache = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = project.Output("user-cache") };
        string[] arguments =
        [
            $"-p:BuildpackImage={SampleServices.UniqueRepository("prepared")}:1", "-p:BuildpackPublish=true",
            "-p:BuildpackExecution=Local", $"-p:BuildpackBuilder={builder}", "-v:d",
        ];

        var broken = project.WriteFile("Broken.cs", "this is not C#");
        var failed = await project.PublishWithAsync(userCache, arguments);
        Assert.NotEqual(0, failed.ExitCode);
        failed.EnsureLogContains(Preparing);
        Assert.Empty(Partials(roots));

        File.Delete(broken);
        var built = (await project.PublishWithAsync(userCache, arguments)).EnsureSucceeded();
        built.EnsureLogContains(Preparing);
        Assert.Matches("Waiting for the file system of|Extracting the file system of", built.Log);
        Assert.Single(Directory.GetDirectories(roots));
        Assert.Empty(Partials(roots));

        var off = (await project.PublishWithAsync(userCache, [.. arguments, "-p:BuildpackPrepareBuilder=false", "-p:BuildpackForce=true"])).EnsureSucceeded();
        Assert.DoesNotContain(Preparing, off.Log, StringComparison.Ordinal);
    }

    private static string[] Partials(string roots) =>
        Directory.Exists(roots) ? Directory.GetFileSystemEntries(roots, ".partial-*") : [];
}
