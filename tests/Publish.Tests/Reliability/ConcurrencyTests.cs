using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.MSBuild.Publish.Tests.Reliability;

/// <summary>
/// Publishes at the same time on one machine, sharing its daemon, the registry and the user's cache (where Local
/// execution extracts the builder, once for all): four apps at once, Local and Container mixed, each get their own whole
/// image; two publishes of one project to one image at once do not build over each other: the second waits for the
/// first (and says so), and the image is whole and runs.
/// </summary>
[Collection(SharedProjects.Name)]
[Trait("Category", "Reliability")]
public sealed class ConcurrencyTests(ConsoleProjectFixture console)
{
    [Fact]
    public async Task FourAppsAtOnceGetTheirOwnImagesAndTwoPublishesOfOneImageTakeTurns()
    {
        using var second = await TestProject.CreateAsync(AppKind.Console, "Hello from the second app at once", "SecondApp");
        using var third = await TestProject.CreateAsync(AppKind.Console, "Hello from the third app at once", "ThirdApp");
        using var fourth = await TestProject.CreateAsync(AppKind.Console, "Hello from the fourth app at once", "FourthApp");
        // One user cache for all, fresh, so that both Local publishes extract the builder into it at the same time.
        var variables = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = console.Project.Output($"shared-cache-{Guid.NewGuid():N}") };
        (TestProject Project, string Message, string Execution, string Image)[] apps =
        [
            (console.Project, console.Message, "Local", Image("at-once-1")),
            (second, "Hello from the second app at once", "Container", Image("at-once-2")),
            (third, "Hello from the third app at once", "Local", Image("at-once-3")),
            (fourth, "Hello from the fourth app at once", "Container", Image("at-once-4")),
        ];
        var images = apps.Select(a => a.Image).ToList();
        try
        {
            await LeakCheck.AroundAsync(console.Project, async () =>
            {
                var results = await Task.WhenAll(apps.Select(a => a.Project.PublishWithAsync(
                    variables, $"-p:BuildpackImage={a.Image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={a.Execution}")));
                foreach (var result in results)
                {
                    result.EnsureSucceeded();
                }

                foreach (var app in apps)
                {
                    Assert.Equal(["1"], await RegistryContents.AssertWholeAsync(SampleServices.Registry, SampleServices.RepositoryOf(app.Image)));
                    Assert.Contains(app.Message, await ImageRunner.RunToEndAsync(app.Image), StringComparison.Ordinal);
                }

                // The same project to the same image, Local and Container at once (built already: the two only publish and
                // build the image, as two terminals running the same command would after a build).
                var same = Image("same-at-once");
                images.Add(same);
                var pair = await Task.WhenAll(((string[])["Local", "Container"]).Select(execution => console.Project.PublishWithAsync(
                    variables, "--no-build", $"-p:BuildpackImage={same}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}")));
                foreach (var result in pair)
                {
                    result.EnsureSucceeded();
                }

                Assert.Single(pair, r => r.Log.Contains($"Another build of {same[..same.LastIndexOf(':')]} is running on this machine", StringComparison.Ordinal));
                Assert.Equal(["1"], await RegistryContents.AssertWholeAsync(SampleServices.Registry, SampleServices.RepositoryOf(same)));
                Assert.Contains(console.Message, await ImageRunner.RunToEndAsync(same), StringComparison.Ordinal);
            });
        }
        finally
        {
            await ImageRunner.RemoveImagesAsync([.. images]);
        }
    }

    private static string Image(string purpose) => SampleServices.UniqueRepository(purpose) + ":1";
}
