using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure.Buildpacks;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// Each error a user meets, as the publish reports it: its BPnnnn code in the log (with what the message must name),
/// and after it nothing of ours left behind: no container, volume, ephemeral image or temp dir.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class ErrorTests(ConsoleProjectFixture console)
{
    private const string MissingBuilder = SampleServices.Registry + "/publish-tests/no-such-builder:1";

    [Fact]
    public async Task NoDaemonInContainerModeIsReported()
    {
        const string socket = "unix:///nonexistent.sock";
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync(
                $"-p:BuildpackImage={UniqueImage("no-daemon")}", "-p:BuildpackExecution=Container", $"-p:BuildpackDockerHost={socket}");
            result.EnsureFailedWith(Codes.Of(Messages.DaemonUnreachable));
            Assert.Contains(socket, result.ErrorLine(Codes.Of(Messages.DaemonUnreachable)), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Container", Messages.BuilderPullFailed)]
    [InlineData("Local", Messages.BuilderNotFound)]
    public async Task MissingBuilderIsReported(string execution, string expected)
    {
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync(
                $"-p:BuildpackImage={UniqueImage("no-builder")}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}",
                $"-p:BuildpackBuilder={MissingBuilder}", "-p:BuildpackTrustBuilder=true");
            result.EnsureFailedWith(Codes.Of(expected));
            Assert.Contains(MissingBuilder, result.ErrorLine(Codes.Of(expected)), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task UntrustedBuilderInLocalExecutionIsReported()
    {
        // Local execution runs the builder's buildpacks on this machine, so it refuses a builder nobody said to trust.
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync(
                $"-p:BuildpackImage={UniqueImage("untrusted")}", "-p:BuildpackPublish=true", "-p:BuildpackExecution=Local",
                "-p:BuildpackTrustBuilder=false");
            result.EnsureFailedWith(Codes.Of(Messages.LocalNeedsTrustedBuilder));
            Assert.Contains(SampleServices.Builder, result.ErrorLine(Codes.Of(Messages.LocalNeedsTrustedBuilder)), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task InvalidImageNameIsReported()
    {
        const string invalid = "Not A Valid/Image:Name";
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync($"-p:BuildpackImage={invalid}", "-p:BuildpackExecution=Local");
            result.EnsureFailedWith(Codes.Of(Messages.InvalidImageName));
            Assert.Contains(invalid, result.ErrorLine(Codes.Of(Messages.InvalidImageName)), StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task BuildpackFailureNamesTheBuildpackAndItsExitCode(string execution)
    {
        const string id = "publish-tests/fails-on-purpose";
        var buildpack = new FixtureBuildpack(id) { Build = new BuildScript().Fail(7, "fixture build fails on purpose") }.WriteTo(console.Project.Output($"failing-{execution}"));
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync(
                $"-p:BuildpackImage={UniqueImage("build-fails")}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}",
                $"-p:ExtraBuildpack={buildpack}");
            result.EnsureFailedWith(Codes.Of(Messages.BuildFailed));
            var error = result.ErrorLine(Codes.Of(Messages.BuildFailed));
            Assert.Contains($"the buildpack {id}@", error, StringComparison.Ordinal);
            Assert.Contains("exited with code 7", error, StringComparison.Ordinal);

            // The buildpack's own last lines come with the error, whatever the verbosity.
            Assert.Contains(result.Log.Split('\n'), l => l.Contains($"error {Codes.Of(Messages.BuildFailed)}: ", StringComparison.Ordinal) && l.Contains("> fixture build fails on purpose", StringComparison.Ordinal));
        });
    }

    private static string UniqueImage(string purpose) => SampleServices.UniqueRepository(purpose) + ":1";
}
