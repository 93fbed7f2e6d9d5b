using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// The main developer loop: the same app built twice into the daemon under the same tag. The second build's analyzer
/// restores the launch SBOM layer from the first image, read back from the daemon (that once failed on a false digest
/// mismatch of the uncompressed layer), and the exporter reuses the first image's launch layers (once it found no
/// previous image: analyzed.toml records a daemon image by ID).
/// </summary>
[Collection(ContainerBuildsCollection.Name)]
public sealed class DaemonRebuildTests(ContainerBuildApps apps, ITestOutputHelper output)
{
    [Fact]
    public async Task A_second_build_into_the_daemon_restores_the_previous_SBOM_reuses_its_layers_and_gives_the_same_image()
    {
        var tag = TestBuilds.UniqueTag("daemon-rebuild");
        var first = new RecordingBuildLog(output);
        var second = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, tag);
        try
        {
            var built = await new ContainerExecution().BuildAsync(request, first, CancellationToken.None);
            await TestBuilds.AssertNothingLeftAsync(first.BuildId);

            var rebuilt = await new ContainerExecution().BuildAsync(request, second, CancellationToken.None);

            var lines = second.PhaseLines.Select(p => p.Line).ToList();
            Assert.Contains(lines, l => l.Contains("Restoring data for SBOM from previous image", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Reusing layer 'buildpacks-msbuild/dotnet-runtime:dotnet-runtime'", StringComparison.Ordinal));
            Assert.Equal(built.ImageId, rebuilt.ImageId);
            Assert.Equal(built.ImageId, (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", tag)).Trim());
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(second.Lines.Count > 0 ? second.BuildId : first.BuildId);
            await TestBuilds.RemoveAsync(tag);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }
}
