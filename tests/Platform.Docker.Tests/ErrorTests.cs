using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.Platform.Execution;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>Each error a user can meet in Container mode has its code, names what is wrong, and leaves nothing behind.</summary>
[Collection(ContainerBuildsCollection.Name)]
public sealed class ErrorTests(ContainerBuildApps apps, ITestOutputHelper output)
{
    [Fact]
    public async Task No_daemon_at_the_endpoint_is_BP3001_naming_it_and_the_fixes()
    {
        using var temp = new TempDirectory("docker-exec-nodaemon");
        var socket = temp.Combine("nobody-listens.sock");
        var error = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("nodaemon")) with { DockerHost = "unix://" + socket }, expectBuild: false);

        Assert.Equal("BP3001", error.Coded.Code);
        Assert.Contains(socket, error.Message, StringComparison.Ordinal);
        Assert.Contains("BuildpackDockerHost", error.Message, StringComparison.Ordinal);
        Assert.Contains("BuildpackExecution=Local", error.Message, StringComparison.Ordinal);
        Assert.False((await BuildpackDockerHost.ProbeAsync("unix://" + socket, TimeSpan.FromSeconds(5), CancellationToken.None)).HasAnswered);
        Assert.True((await BuildpackDockerHost.ProbeAsync("unix://" + RequiredServices.DockerSocket, TimeSpan.FromSeconds(5), CancellationToken.None)).HasAnswered);
    }

    [Fact]
    public async Task A_builder_missing_with_pull_policy_never_is_BP3002()
    {
        var builder = $"127.0.0.1:5000/{DockerTestCli.UniqueRepository("no-builder")}:1";
        var error = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("never")) with { Builder = ImageReference.Parse(builder), PullPolicy = PullPolicy.Never }, expectBuild: false);

        Assert.Equal("BP3002", error.Coded.Code);
        Assert.Contains(builder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_builder_no_registry_has_is_BP3003()
    {
        var builder = $"127.0.0.1:5000/{DockerTestCli.UniqueRepository("no-builder")}:1";
        var error = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("pull")) with { Builder = ImageReference.Parse(builder) }, expectBuild: false);

        Assert.Equal("BP3003", error.Coded.Code);
        Assert.Contains(builder, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_image_missing_is_BP3004_with_pull_policy_never_and_BP3005_when_the_pull_fails()
    {
        // The run image is made sure of before the build creates anything (no build id, so nothing to clean up).
        var runImage = ImageReference.Parse($"127.0.0.1:5000/{DockerTestCli.UniqueRepository("no-run")}:1");
        var never = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("run-never")) with { RunImage = runImage, PullPolicy = PullPolicy.Never }, expectBuild: false);
        var pull = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("run-pull")) with { RunImage = runImage }, expectBuild: false);

        Assert.Equal("BP3004", never.Coded.Code);
        Assert.Equal("BP3005", pull.Coded.Code);
        Assert.Contains(runImage.ToString(), never.Message, StringComparison.Ordinal);
        Assert.Contains(runImage.ToString(), pull.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_without_builder_metadata_is_BP3006()
    {
        var error = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("not-builder")) with { Builder = ImageReference.Parse(TestBuilds.RunImage) }, expectBuild: false);

        Assert.Equal("BP3006", error.Coded.Code);
        Assert.Contains("io.buildpacks.builder.metadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buildpack_id_the_builder_lacks_is_BP2005_listing_what_it_has()
    {
        var error = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("no-bp")) with { Buildpacks = ["example/missing@1.0"] }, expectBuild: true);

        Assert.Equal("BP2005", error.Coded.Code);
        Assert.Contains("example/missing@1.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("buildpacks-msbuild/dotnet-app@0.1.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binding_that_does_not_exist_is_BP1015()
    {
        var error = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("binding")) with { Bindings = [new BuildBinding("/nonexistent/bindings/ca", "ca")] }, expectBuild: true);

        Assert.Equal("BP1015", error.Coded.Code);
        Assert.Contains("/nonexistent/bindings/ca", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_no_buildpack_detects_is_BP4001_with_what_the_lifecycle_said()
    {
        using var temp = new TempDirectory("docker-exec-nothing");
        temp.WriteFile("app/readme.txt", "not an app");
        var error = await FailAsync(TestBuilds.Request(temp.Combine("app"), TestBuilds.UniqueTag("detect"), trusted: false, apps.LifecycleImage), expectBuild: true);

        Assert.Equal("BP4001", error.Coded.Code);
    }

    [Fact]
    public async Task A_buildpack_that_fails_is_BP4002()
    {
        using var temp = new TempDirectory("docker-exec-fail");
        var failing = new FixtureBuildpack("example/fails") { Build = new BuildScript().PrintPlatformEnv().Fail(7, "fixture buildpack fails on purpose") }.WriteTo(temp.Combine("buildpacks", "fails"));
        // A buildpack from outside the trusted builder: the five phases run, the privileged ones from the lifecycle image.
        var error = await FailAsync(TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("fails"), trusted: true, apps.LifecycleImage) with { Buildpacks = [failing] }, expectBuild: true);

        Assert.Equal("BP4002", error.Coded.Code);
    }

    private async Task<CodedException> FailAsync(BuildRequest request, bool expectBuild)
    {
        var log = new RecordingBuildLog(output);
        var error = await Assert.ThrowsAsync<CodedException>(() => new ContainerExecution().BuildAsync(request, log, CancellationToken.None));
        output.WriteLine(error.Message);
        if (expectBuild)
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
        }
        else
        {
            // Failed before the build began: it created nothing (it names its build when it starts creating).
            Assert.DoesNotContain(log.Lines, l => l.Contains("everything it creates in the daemon is labelled", StringComparison.Ordinal));
        }

        await TestBuilds.RemoveCacheVolumesAsync(request.Tags[0].ToString());

        return error;
    }
}
