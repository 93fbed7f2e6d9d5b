using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

[Collection(ContainerBuildsCollection.Name)]
public sealed class TrustedBuildTests(ContainerBuildApps apps, ITestOutputHelper output)
{
    [Fact]
    public async Task A_trusted_builder_runs_the_creator_and_the_image_runs_in_the_daemon_with_its_labels()
    {
        var tag = TestBuilds.UniqueTag("creator");
        var log = new RecordingBuildLog(output);
        using var temp = new TestInfrastructure.TempDirectory("docker-exec-sbom");
        var request = TestBuilds.Request(apps.Console, tag) with { Labels = [new("org.example.team", "shop"), new("org.example.tier", "backend")], SbomOutputDirectory = temp.Combine("sbom") };
        try
        {
            var result = await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            Assert.Equal(["creator"], log.Phases);
            Assert.Equal([Images.References.ImageReference.Parse(tag).ToString()], result.Tags);
            Assert.StartsWith("sha256:", result.ImageId, StringComparison.Ordinal);
            Assert.Null(result.ManifestDigest);
            var id = (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", tag)).Trim();
            Assert.Equal(result.ImageId, id);
            var labels = await DockerTestCli.RunAsync("image", "inspect", "--format", "{{index .Config.Labels \"org.example.team\"}} {{index .Config.Labels \"org.example.tier\"}}", tag);
            Assert.Equal("shop backend", labels.Trim());
            var lifecycleMetadata = await DockerTestCli.RunAsync("image", "inspect", "--format", "{{index .Config.Labels \"io.buildpacks.lifecycle.metadata\"}}", tag);
            Assert.Contains("buildpacks-msbuild/dotnet-app", lifecycleMetadata, StringComparison.Ordinal);
            Assert.Contains("Hello, World!", await DockerTestCli.RunContainerAsync(tag), StringComparison.Ordinal);
            Assert.True(File.Exists(temp.Combine("sbom", "launch", "buildpacks-msbuild_dotnet-app", "sbom.cdx.json")), "the app's SBOM was not copied out");
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(tag);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }

    // A daemon reads an image only by saving all of it (a Paketo builder is over a gigabyte): a build on a machine that
    // has not read the builder yet takes its labels and config from the builder's registry instead, the same image.
    [Fact]
    public async Task A_builder_the_daemon_cache_lacks_is_read_from_its_registry_and_not_saved()
    {
        var tag = TestBuilds.UniqueTag("registry-builder");
        var log = new RecordingBuildLog(output);
        using var cache = new TestInfrastructure.TempDirectory("docker-exec-daemon-cache");
        try
        {
            await new ContainerExecution(cache.Path).BuildAsync(TestBuilds.Request(apps.Console, tag), log, CancellationToken.None);

            Assert.Contains(log.Lines, l => l.Contains("from its registry: the daemon's image", StringComparison.Ordinal));
            Assert.Empty(Directory.Exists(cache.Combine("layers")) ? Directory.GetFiles(cache.Combine("layers")) : []);
            Assert.Contains("Hello, World!", await DockerTestCli.RunContainerAsync(tag), StringComparison.Ordinal);
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(tag);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }
}
