using System.Text.Json.Nodes;
using Buildpacks.TestInfrastructure;
using static Buildpacks.MSBuild.Tasks.Tests.Rebase.RebaseTestKit;

namespace Buildpacks.MSBuild.Tasks.Tests.Rebase;

/// <summary>Rebasing app images held by the Docker daemon and by an OCI image layout (as skopeo names them).</summary>
[Collection(RebaseCollection.Name)]
public sealed class BuildpackRebaseStoreTests(RebaseFixture fixture)
{
    [Fact]
    public async Task An_image_in_the_daemon_is_rebased_there_onto_the_newest_recorded_run_image_and_still_answers()
    {
        var app = await fixture.CopyAppAsync("daemon");
        var local = $"bp-rebase-tests/daemon-{Guid.NewGuid().ToString("N")[..12]}:1";
        try
        {
            (await RunDocker(["pull", app.ToString()])).EnsureSuccess($"docker pull {app}");
            (await RunDocker(["tag", app.ToString(), local])).EnsureSuccess($"docker tag {local}");

            var (succeeded, engine, task) = Run(t =>
            {
                t.BuildpackImage = "docker-daemon:" + local;
                t.BuildpackDockerHost = "unix://" + RequiredServices.DockerSocket;
            });

            Assert.True(succeeded, string.Join("\n", engine.Errors.Select(e => $"{e.Code}: {e.Message}")));
            Assert.Equal(fixture.V2.Digest.ToString(), Assert.Single(task.RebasedImages).GetMetadata("RunImageDigest"));
            var layers = JsonNode.Parse((await RunDocker(["image", "inspect", "--format", "{{json .RootFS.Layers}}", local])).EnsureSuccess("docker image inspect").StandardOutput)!
                .AsArray().Select(n => n!.GetValue<string>());
            Assert.Equal(
                fixture.V2.Layers.Concat(fixture.AppImage.Layers.Skip(fixture.V1.Layers.Count)).Select(l => l.DiffId.ToString()),
                layers);
            Assert.Equal("v2", await RunImageMarkerAsync(local));
            Assert.Equal(RebaseFixture.Greeting, await AppAnswerAsync(local));
        }
        finally
        {
            await RunDocker(["image", "rm", "--force", local, app.ToString()]);
        }
    }

    [Fact]
    public async Task An_image_in_an_oci_layout_written_by_skopeo_is_rebased_in_the_layout()
    {
        _ = RequiredServices.RequireTool("skopeo");
        var app = await fixture.CopyAppAsync("layout");
        using var temp = new TempDirectory("bp-rebase-layout");
        var layout = temp.Combine("oci");
        (await ProcessRunner.RunAsync("skopeo", ["copy", "--src-tls-verify=false", $"docker://{app}", $"oci:{layout}:app"], timeout: TimeSpan.FromMinutes(5)))
            .EnsureSuccess("skopeo copy into the layout");

        var (succeeded, engine, task) = Run(t => t.BuildpackImage = $"oci:{layout}:app");

        Assert.True(succeeded, string.Join("\n", engine.Errors.Select(e => $"{e.Code}: {e.Message}")));
        var inspect = JsonNode.Parse((await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci:{layout}:app"], timeout: TimeSpan.FromMinutes(1))).EnsureSuccess("skopeo inspect").StandardOutput)!;
        Assert.Equal(task.BuildpackImageDigest, inspect["Digest"]!.GetValue<string>());
        Assert.Equal(
            Blobs(fixture.V2.Layers).Concat(Blobs(fixture.AppImage.Layers.Skip(fixture.V1.Layers.Count))).Select(d => d.ToString()),
            inspect["Layers"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
