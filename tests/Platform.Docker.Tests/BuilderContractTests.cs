using System.Text.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Docker.Tests.Support;
using Buildpacks.Platform.Docker.Tests.Support.Contract;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Rebase;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Buildpacks.TestInfrastructure.Images;
using Xunit.Abstractions;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>
/// What real builders need of Container execution beyond the phases' argv (those are <see cref="ContractTests"/>):
/// the user's run image recorded for a rebase, image extensions refused, the requested platform pulled and run, and
/// buildpacks added to a trusted builder kept away from the daemon.
/// </summary>
[Collection(ContainerBuildsCollection.Name)]
public sealed class BuilderContractTests(ContainerBuildApps apps, ITestOutputHelper output)
{
    [Fact]
    public async Task A_named_run_image_and_its_mirrors_are_recorded_so_a_rebase_follows_them()
    {
        var repository = $"127.0.0.1:5000/{DockerTestCli.UniqueRepository("own-run")}";
        var runImage = $"{repository}/run:1";
        var mirror = $"{repository}/mirror:1";
        await CopyInRegistryAsync(TestBuilds.RunImage, runImage);
        var tag = $"{repository}/app:1";
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, tag) with
        {
            Destination = ImageDestination.Registry,
            RunImage = ImageReference.Parse(runImage),
            RunImageMirrors = [ImageReference.Parse(mirror)],
        };
        try
        {
            await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            using var registry = new RegistryStore(new RegistrySettings());
            var app = await registry.TryReadImageAsync(ImageReference.Parse(tag), ImagePlatform.LinuxAmd64, CancellationToken.None);
            using var metadata = JsonDocument.Parse(app!.Labels["io.buildpacks.lifecycle.metadata"]);
            var recorded = metadata.RootElement.GetProperty("runImage");
            Assert.Equal(runImage, recorded.GetProperty("image").GetString());
            Assert.Equal([mirror], recorded.GetProperty("mirrors").EnumerateArray().Select(m => m.GetString()));

            // The rebaser takes a run image the app records without BuildpackForce; the builder's would need it now.
            using var stores = new RebaseStores();
            var outcome = Assert.Single(await new RebaseService(stores, log).RebaseAsync(
                [new RebaseImageRequest { Image = tag }], new RebaseOptions { RunImage = runImage, DryRun = true }, CancellationToken.None));
            Assert.Null(outcome.Error);
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }

    [Fact]
    public async Task A_builder_with_image_extensions_is_BP2009_before_anything_runs()
    {
        var builder = $"{DockerTestCli.UniqueRepository("extensions-builder")}:1";
        await BuildImageAsync(TestBuilds.Builder, builder, "io.buildpacks.buildpack.order-extensions=[{\"group\":[{\"id\":\"samples/curl\",\"version\":\"0.0.1\"}]}]");
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, TestBuilds.UniqueTag("extensions")) with { Builder = ImageReference.Parse(builder), PullPolicy = PullPolicy.Never };
        try
        {
            var error = await Assert.ThrowsAsync<CodedException>(() => new ContainerExecution().BuildAsync(request, log, CancellationToken.None));

            Assert.Equal("BP2009", error.Coded.Code);
            Assert.Contains(builder, error.Message, StringComparison.Ordinal);
            Assert.Empty(log.PhaseLines);
        }
        finally
        {
            await TestBuilds.RemoveAsync(builder);
        }
    }

    [Fact]
    public async Task BuildpackPlatform_goes_with_every_pull_and_every_phase_container()
    {
        // A daemon picks an index's entry for its own platform unless asked for another (a Mac asking for linux/amd64);
        // what the platform asks shows in its requests, relayed here to the daemon and recorded.
        await using var recorder = new EngineRequestRecorder(RequiredServices.DockerSocket);
        var images = await ContractImages.ForAsync("0.15");
        var tag = TestBuilds.UniqueTag("platform");
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, tag) with
        {
            Builder = ImageReference.Parse(images.Builder),
            Platform = ImagePlatform.Parse("linux/amd64"),
            PullPolicy = PullPolicy.Always,
            DockerHost = "unix://" + recorder.SocketPath,
        };
        try
        {
            await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            var pulls = recorder.Requests.Where(r => r.Contains("/images/create?", StringComparison.Ordinal)).ToList();
            var creates = recorder.Requests.Where(r => r.Contains("/containers/create", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, pulls.Count); // the builder and the run image
            Assert.All(pulls, p => Assert.Contains("platform=linux%2Famd64", p, StringComparison.Ordinal));
            Assert.Single(creates); // the creator
            Assert.All(creates, c => Assert.Contains("platform=linux%2Famd64", c, StringComparison.Ordinal));
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(tag);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Buildpacks_added_to_a_trusted_builder_run_in_the_five_phases_unless_trusted_too(bool trustExtraBuildpacks)
    {
        using var temp = new TempDirectory("extra-buildpack");
        var extra = new FixtureBuildpack("tests/extra") { Api = "0.10", Build = new BuildScript().Say("---> extra") }.WriteTo(temp.Combine("extra"));
        var images = await ContractImages.ForAsync("0.15");
        var tag = TestBuilds.UniqueTag("extra-buildpack");
        var log = new RecordingBuildLog(output);
        var request = TestBuilds.Request(apps.Console, tag, trusted: true, images.LifecycleImage) with
        {
            Builder = ImageReference.Parse(images.Builder),
            Buildpacks = [extra, "buildpacks-msbuild/dotnet-runtime@0.1.0", "buildpacks-msbuild/dotnet-app@0.1.0"],
            TrustExtraBuildpacks = trustExtraBuildpacks,
        };
        try
        {
            await new ContainerExecution().BuildAsync(request, log, CancellationToken.None);

            var records = ContractRecord.From(log);
            if (trustExtraBuildpacks)
            {
                Assert.Equal(["creator"], records.Select(r => r.Phase));
            }
            else
            {
                Assert.Equal(["analyzer", "detector", "restorer", "builder", "exporter"], records.Select(r => r.Phase));
                Assert.Equal(["lifecycle-image", "builder", "lifecycle-image", "builder", "lifecycle-image"], records.Select(r => r.Image));
            }

            Assert.Contains(log.PhaseLines, p => p.Line.Contains("---> extra", StringComparison.Ordinal));
            Assert.Contains("Hello, World!", await DockerTestCli.RunContainerAsync(tag), StringComparison.Ordinal);
        }
        finally
        {
            await TestBuilds.AssertNothingLeftAsync(log.BuildId);
            await TestBuilds.RemoveAsync(tag);
            await TestBuilds.RemoveCacheVolumesAsync(tag);
        }
    }

    private static async Task CopyInRegistryAsync(string source, string destination) =>
        (await ProcessRunner.RunAsync(
            RequiredServices.RequireTool("skopeo"),
            ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{source}", $"docker://{destination}"],
            timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("skopeo copy");

    // docker build with nothing to run: FROM and a label, no network.
    private static async Task BuildImageAsync(string from, string tag, string label) =>
        (await ProcessRunner.RunAsync(
            "docker",
            ["-H", "unix://" + RequiredServices.DockerSocket, "build", "--network", "none", "--label", label, "-t", tag, "-"],
            standardInput: $"FROM {from}\n",
            timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("docker build");
}
