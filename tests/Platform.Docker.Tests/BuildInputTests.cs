using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.Platform.Execution;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

[Collection(ContainerBuildsCollection.Name)]
public sealed class BuildInputTests(ContainerBuildApps apps, ITestOutputHelper output)
{
    [Fact]
    public async Task Platform_env_bindings_and_an_added_buildpack_reach_the_build_through_an_ephemeral_builder_that_goes_away()
    {
        using var temp = new TempDirectory("docker-exec-env");
        var printer = new FixtureBuildpack("example/env-printer") { Build = new BuildScript().PrintPlatformEnv() }.WriteTo(temp.Combine("buildpacks", "env-printer"));
        var binding = temp.WriteFile("binding/type", "ca-certificates");
        var tag = TestBuilds.UniqueTag("env");
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, tag, trusted: false, apps.LifecycleImage) with
        {
            Environment = [new("BP_GREETING", "hello from msbuild"), new("BP_EMPTY", "")],
            Buildpacks = [printer, "buildpacks-msbuild/dotnet-runtime", "buildpacks-msbuild/dotnet-app@0.1.0"],
            Bindings = [new BuildBinding(Path.GetDirectoryName(binding)!, "certs")],
            Exclude = ["*.pdb"],
        };
        try
        {
            await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            var builderLines = log.PhaseLines.Where(p => p.Phase == "builder").Select(p => p.Line).ToList();
            Assert.Contains(BuildScript.EnvLinePrefix + "BP_GREETING=hello from msbuild", builderLines);
            Assert.Contains(BuildScript.EnvLinePrefix + "BP_EMPTY=", builderLines);
            Assert.Contains(log.PhaseLines, p => p.Phase == "detector" && p.Line.Contains("example/env-printer", StringComparison.Ordinal));
            Assert.Contains("Hello, World!", await DockerTestCli.RunContainerAsync(tag), StringComparison.Ordinal);
            var files = await DockerTestCli.RunAsync("run", "--rm", "--network", "none", "--entrypoint", "/bin/ls", tag, "/workspace");
            Assert.Contains("ConsoleApp.dll", files, StringComparison.Ordinal);
            Assert.DoesNotContain("ConsoleApp.pdb", files, StringComparison.Ordinal);
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(tag);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }

    [Fact]
    public async Task Cancelling_a_build_mid_phase_kills_and_removes_its_containers()
    {
        var tag = TestBuilds.UniqueTag("cancel");
        var log = new RecordingBuildLog(output);
        using var cancel = new CancellationTokenSource();
        log.PhaseLine += (_, line) =>
        {
            if (line.Contains("BUILDING", StringComparison.Ordinal) || line.Contains("DETECTING", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        };
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ContainerExecution().BuildAsync(TestBuilds.Request(apps.Console, tag), log, cancel.Token));
        output.WriteLine($"The build stopped {stopwatch.Elapsed.TotalSeconds:F1} s after it started.");

        Assert.True(cancel.IsCancellationRequested, "the build finished before it could be cancelled");
        await TestBuilds.AssertNothingLeftAsync(log.BuildId);
        await TestBuilds.RemoveCacheVolumesAsync(tag);
        Assert.False((await DockerTestCli.TryRunAsync("image", "inspect", tag)).ExitCode == 0, "a cancelled build left its image");
    }
}
