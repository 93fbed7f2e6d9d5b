using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Container;
using Buildpacks.TestInfrastructure.Images;
using Xunit;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// Container execution's preparation (run while the project compiles): it rehearses what the build first reads, and
/// must never pull, create or save anything, nor fail where the build would report the failure itself.
/// </summary>
[Collection(ContainerBuildsCollection.Name)]
public sealed class ContainerPreparationTests(ContainerBuildApps apps)
{
    [Fact]
    public async Task Preparing_a_build_creates_no_container_and_saves_no_builder()
    {
        using var cache = new TestInfrastructure.TempDirectory("docker-prepare-cache");

        // A name only the daemon has: its registry cannot serve the builder's config, only the daemon's copy could.
        var daemonOnly = $"127.0.0.1:5000/{DockerTestCli.UniqueRepository("prepare-daemon-only")}:1";
        await DockerTestCli.RunAsync("tag", TestBuilds.Builder, daemonOnly);
        try
        {
            var request = TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("prepare")) with
            {
                Builder = ImageReference.Parse(daemonOnly),
                Destination = ImageDestination.Registry,
                Tags = [ImageReference.Parse($"127.0.0.1:5000/{DockerTestCli.UniqueRepository("prepare")}:1")],
            };
            var containersBefore = await ContainersOfAsync(TestBuilds.Builder);

            await new ContainerExecution(cache.Path).PrepareAsync(request, CancellationToken.None);

            Assert.Equal(containersBefore, await ContainersOfAsync(TestBuilds.Builder));

            // Reading an uncached builder from the daemon is a `docker save` of all of it: the build's to do, never ahead.
            Assert.Empty(Directory.Exists(cache.Path) ? Directory.GetFiles(cache.Path, "*", SearchOption.AllDirectories) : []);
        }
        finally
        {
            await TestBuilds.RemoveAsync(daemonOnly);
        }
    }

    [Fact]
    public async Task Preparing_with_a_builder_the_daemon_lacks_pulls_nothing()
    {
        var missing = ImageReference.Parse($"127.0.0.1:5000/{DockerTestCli.UniqueRepository("prepare-builder")}:1");
        using (var registry = new RegistryStore())
        {
            await registry.TagAsync(ImageReference.Parse(TestBuilds.Builder), missing, CancellationToken.None);
        }

        await new ContainerExecution().PrepareAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("prepare")) with { Builder = missing }, CancellationToken.None);

        Assert.NotEqual(0, (await DockerTestCli.TryRunAsync("image", "inspect", missing.ToString())).ExitCode);
    }

    [Fact]
    public async Task Preparing_against_a_daemon_that_does_not_answer_returns_quietly()
    {
        using var temp = new TestInfrastructure.TempDirectory("docker-prepare-nowhere");
        var request = TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("prepare")) with { DockerHost = $"unix://{temp.Combine("no-daemon.sock")}" };

        var failure = await Record.ExceptionAsync(() => new ContainerExecution().PrepareAsync(request, CancellationToken.None));

        Assert.Null(failure);
    }

    private static async Task<string> ContainersOfAsync(string image) =>
        (await DockerTestCli.RunAsync("ps", "-a", "-q", "--no-trunc", "--filter", $"ancestor={image}")).Trim();
}
