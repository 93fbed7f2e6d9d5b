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
    public async Task An_image_in_the_daemon_for_another_architecture_is_read_as_what_it_is()
    {
        // A daemon holds one platform of a name: an amd64 image on an arm64 machine (or here the reverse) is read for its
        // own platform, as pack rebase reads it, not refused for not being this machine's (BP5020). This one is a run
        // image, so the rebase then refuses it for what it is: no lifecycle metadata (BP5004).
        // Pulled by the foreign platform's manifest digest: the run image's tag in the daemon, which other tests use, stays.
        var foreign = Images.Model.ImagePlatform.Current.Architecture == "arm64" ? "amd64" : "arm64";
        using var registry = new Images.Registry.RegistryStore();
        var index = (await registry.TryReadIndexAsync(Images.References.ImageReference.Parse("127.0.0.1:5000/buildpacks-samples/run:bookworm"), default))!;
        var byDigest = $"127.0.0.1:5000/buildpacks-samples/run@{index.PlatformManifests.Single(m => m.Platform!.Architecture == foreign).Digest}";
        var local = $"bp-rebase-tests/foreign-{Guid.NewGuid().ToString("N")[..12]}:1";
        try
        {
            (await RunDocker(["pull", byDigest])).EnsureSuccess($"docker pull {byDigest}");
            (await RunDocker(["tag", byDigest, local])).EnsureSuccess($"docker tag {local}");

            var (succeeded, engine, _) = Run(t =>
            {
                t.BuildpackImage = "docker-daemon:" + local;
                t.BuildpackDockerHost = "unix://" + RequiredServices.DockerSocket;
            });

            Assert.False(succeeded);
            Assert.Equal(["BP5004"], engine.Errors.Select(e => e.Code));
        }
        finally
        {
            await RunDocker(["image", "rm", "--force", local, byDigest]);
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
