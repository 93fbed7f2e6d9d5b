using System.Text.Json;
using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// One publish, one multi-platform image (issue #16): BuildpackRuntimeIdentifiers="linux-x64;linux-arm64" publishes the
/// app once per RID and writes an OCI image index of an amd64 and an arm64 image, each of which runs (arm64 under
/// qemu-user, build/emulation.sh). The sample builder is multi-platform (build/sample-builder.sh), and so is the sample
/// lifecycle image an untrusted build runs its privileged phases from.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class MultiPlatformTests(WebProjectFixture web)
{
    private static readonly string Builder = SampleServices.Builder;

    private static string[] Arguments(string image, string execution, params string[] more) =>
    [
        $"-p:BuildpackImage={image}",
        $"-p:BuildpackExecution={execution}",
        "-p:BuildpackRuntimeIdentifiers=\"linux-x64;linux-arm64\"",
        $"-p:BuildpackBuilder={Builder}",
        $"-p:BuildpackTrustedBuilders={Builder[..Builder.LastIndexOf(':')]}",
        // Untrusted builds: the lifecycle image by its tag, an index whose platforms the inner publishes pull one by one
        // (the by-digest pin of the other tests names this machine's platform only).
        $"-p:BuildpackLifecycleImage={SampleServices.LifecycleImage}",
        .. more,
    ];

    /// <summary>The platforms of the index <paramref name="reference"/> names (skopeo inspect --raw), in order.</summary>
    private static async Task<IReadOnlyList<string>> IndexPlatformsAsync(string reference)
    {
        var raw = await Buildpacks.TestInfrastructure.ProcessRunner.RunCheckedAsync("skopeo", "inspect", "--raw", "--tls-verify=false", reference);
        using var index = JsonDocument.Parse(raw);
        Assert.Equal("application/vnd.oci.image.index.v1+json", index.RootElement.GetProperty("mediaType").GetString());
        return index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => $"{m.GetProperty("platform").GetProperty("os").GetString()}/{m.GetProperty("platform").GetProperty("architecture").GetString()}")
            .ToList();
    }

    /// <summary>
    /// Asserts that <paramref name="image"/> answers HTTP for linux/arm64 (emulated) and linux/amd64, and that each
    /// platform's launcher (which the exporter takes from its lifecycle) is built for it; then removes it from the daemon.
    /// </summary>
    private async Task AssertBothPlatformsAnswerAsync(string image)
    {
        try
        {
            Assert.Equal(web.Message, await ImageRunner.GetRootAsync(image, "linux/arm64"));
            Assert.Equal(web.Message, await ImageRunner.GetRootAsync(image, "linux/amd64"));
            Assert.Equal("b7 00", await LauncherMachineAsync(image, "linux/arm64"));
            Assert.Equal("3e 00", await LauncherMachineAsync(image, "linux/amd64"));
        }
        finally
        {
            await ImageRunner.RemoveImagesAsync(image);
        }
    }

    // The ELF e_machine bytes of the image's /cnb/lifecycle/launcher for that platform: "3e 00" x86-64, "b7 00" AArch64.
    private static async Task<string> LauncherMachineAsync(string image, string platform) =>
        (await Buildpacks.TestInfrastructure.Images.DockerTestCli.RunAsync(
            "run", "--rm", "--platform", platform, "--pull", "always", "--network", "none", "--entrypoint", "/bin/sh", image,
            "-c", "od -An -tx1 -j18 -N2 /cnb/lifecycle/launcher")).Trim();

    [Theory]
    [InlineData("Local", false)]
    [InlineData("Container", false)]
    [InlineData("Local", true)]
    [InlineData("Container", true)]
    public async Task A_publish_for_two_rids_gives_an_index_whose_amd64_and_arm64_images_both_answer(string execution, bool selfContained)
    {
        var image = $"{SampleServices.UniqueRepository("multi-platform")}:1";
        var result = await web.Project.PublishAsync(Arguments(image, execution, "-p:BuildpackPublish=true", $"-p:SelfContained={selfContained}"));
        result.EnsureSucceeded();

        Assert.Equal(["linux/amd64", "linux/arm64"], await IndexPlatformsAsync($"docker://{image}"));
        Assert.Equal(await Skopeo.DigestAsync($"docker://{image}"), result.Output("BuildpackImageDigest"));
        await AssertBothPlatformsAnswerAsync(image);
    }

    [Fact]
    public async Task An_untrusted_builder_in_Container_execution_runs_each_platform_from_the_lifecycle_image_of_that_platform()
    {
        var image = $"{SampleServices.UniqueRepository("multi-platform-untrusted")}:1";
        var result = await web.Project.PublishAsync(Arguments(image, "Container", "-p:BuildpackPublish=true", "-p:BuildpackTrustBuilder=false"));
        result.EnsureSucceeded();

        result.EnsureLogContains("Running the exporter");
        Assert.Equal(["linux/amd64", "linux/arm64"], await IndexPlatformsAsync($"docker://{image}"));
        await AssertBothPlatformsAnswerAsync(image);
    }

    [Fact]
    public async Task The_layout_and_the_archive_hold_the_index()
    {
        var layout = web.Project.Output("multi-layout");
        var archive = web.Project.Output("multi.tar");
        var image = $"{SampleServices.UniqueRepository("multi-platform-files")}:1";

        (await web.Project.PublishAsync(Arguments(image, "Local", $"-p:BuildpackLayoutOutputPath={layout}"))).EnsureSucceeded();
        (await web.Project.PublishAsync(Arguments(image, "Local", $"-p:BuildpackArchiveOutputPath={archive}"))).EnsureSucceeded();

        Assert.Equal(["linux/amd64", "linux/arm64"], await IndexPlatformsAsync($"oci:{layout}:1"));
        Assert.Equal(["linux/amd64", "linux/arm64"], await IndexPlatformsAsync($"oci-archive:{archive}:1"));
    }

    [Fact]
    public async Task The_index_is_rebased_platform_by_platform_onto_the_v2_run_image_and_no_layer_blob_moves()
    {
        var image = $"{SampleServices.UniqueRepository("multi-platform-rebase")}:1";
        (await web.Project.PublishAsync(Arguments(image, "Local", "-p:BuildpackPublish=true"))).EnsureSucceeded();
        var before = await Skopeo.DigestAsync($"docker://{image}");

        var rebase = await Buildpacks.TestInfrastructure.ProcessRunner.RunAsync(
            "dotnet",
            ["msbuild", web.Project.ProjectPath, "-nologo", "-v:n", "-t:BuildpackRebase", $"-p:BuildpackImage={image}",
                $"-p:BuildpackRunImage={RunV2}", "-p:BuildpackRebaseForce=true"]);
        rebase.EnsureSuccess("dotnet msbuild -t:BuildpackRebase of the index");

        // BP5093: both platforms rebased into a new index; what was copied is a config per platform, never a layer.
        var line = rebase.StandardOutput.Split('\n').Single(l => l.Contains("BP5093", StringComparison.Ordinal));
        var copied = System.Text.RegularExpressions.Regex.Match(line, @"([0-9]+) blobs \(([0-9]+) bytes\) copied");
        Assert.True(copied.Success, line);
        Assert.InRange(int.Parse(copied.Groups[1].Value), 0, 2);
        Assert.InRange(long.Parse(copied.Groups[2].Value), 0, 64 * 1024);
        Assert.NotEqual(before, await Skopeo.DigestAsync($"docker://{image}"));
        Assert.Equal(["linux/amd64", "linux/arm64"], await IndexPlatformsAsync($"docker://{image}"));
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            // Each platform's image now starts with the layers of v2's image for that platform.
            var runLayers = await PlatformLayersAsync($"docker://{RunV2}", arch);
            var appLayers = await PlatformLayersAsync($"docker://{image}", arch);
            Assert.Equal(runLayers, appLayers.Take(runLayers.Count));
        }

        await AssertBothPlatformsAnswerAsync(image);
    }

    private static readonly string RunV2 = $"{SampleServices.Builder[..SampleServices.Builder.IndexOf('/')]}/buildpacks-samples/run:bookworm-v2";

    // The layer digests of the image for linux/<arch> that <paramref name="reference"/> names.
    private static async Task<List<string>> PlatformLayersAsync(string reference, string arch)
    {
        var raw = await Buildpacks.TestInfrastructure.ProcessRunner.RunCheckedAsync(
            "skopeo", "inspect", "--tls-verify=false", "--override-os", "linux", "--override-arch", arch, reference);
        using var inspected = JsonDocument.Parse(raw);
        Assert.Equal(arch, inspected.RootElement.GetProperty("Architecture").GetString());
        return [.. inspected.RootElement.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!)];
    }

    [Fact]
    public async Task The_daemon_as_destination_is_BP1083()
    {
        var result = await web.Project.PublishAsync(Arguments($"{SampleServices.UniqueRepository("multi-daemon")}:1", "Container"));

        result.EnsureFailedWith("BP1083");
    }
}
