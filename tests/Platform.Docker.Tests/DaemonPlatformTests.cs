using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// With no BuildpackPlatform, Container execution builds for the daemon's own platform even when a multi-platform
/// publish left the builder's name on another: a daemon holds one platform per name, and the sample builder is an index.
/// </summary>
[Collection(ContainerBuildsCollection.Name)]
public sealed class DaemonPlatformTests(ContainerBuildApps apps, ITestOutputHelper output)
{
    [Fact]
    public async Task A_builder_name_the_daemon_holds_for_another_platform_is_pulled_again_for_the_daemon_s_own()
    {
        var own = HostPlatformPin.HostArchitecture;
        var other = own == "amd64" ? "arm64" : "amd64";
        // The sample builder (an index) under a name of its own, whose other-platform image the daemon then holds, as the
        // inner publishes of a multi-platform publish leave it.
        var builder = ImageReference.Parse($"127.0.0.1:5000/{DockerTestCli.UniqueRepository("builder-platform")}:1");
        using (var registry = new RegistryStore())
        {
            await registry.TagAsync(ImageReference.Parse(TestBuilds.Builder), builder, CancellationToken.None);
        }

        await DockerTestCli.RunAsync("pull", "-q", "--platform", $"linux/{other}", builder.ToString());
        Assert.Equal(other, (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Architecture}}", builder.ToString())).Trim());
        var otherImage = (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", builder.ToString())).Trim();
        var tag = TestBuilds.UniqueTag("daemon-platform");
        var log = new RecordingBuildLog(output);
        try
        {
            await new ContainerExecution().BuildAsync(TestBuilds.Request(apps.Console, tag) with { Builder = builder }, log, CancellationToken.None);

            Assert.Contains(log.Lines, l => l.Contains($"is linux/{other}, not the daemon's linux/{own}: pulling it for the daemon's platform", StringComparison.Ordinal));
            Assert.Equal(own, (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Architecture}}", builder.ToString())).Trim());
            Assert.Equal(own, (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Architecture}}", tag)).Trim());
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(tag, builder.ToString(), otherImage);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }
}
