using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.MSBuild.Tasks.Platforms;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.MSBuild.Tasks.Tests.Platforms;

/// <summary>The two tasks around a multi-platform publish: the plan before the inner publishes, the index after.</summary>
public sealed class PlatformIndexTaskTests : IDisposable
{
    private readonly TempDirectory _temp = new("bp-platform-tasks");

    public void Dispose() => _temp.Dispose();

    private T Task<T>(Action<T>? configure = null)
        where T : PlatformIndexTask, new()
    {
        var task = new T
        {
            BuildEngine = new BuildEngineStub(),
            BuildpackRuntimeIdentifiers = "linux-x64;linux-arm64",
            ProjectDirectory = _temp.Path,
            ScratchLayout = "obj/buildpack-platforms",
            BuildpackImage = "127.0.0.1:5000/team/app:1.4",
        };
        configure?.Invoke(task);
        return task;
    }

    [Fact]
    public void The_daemon_as_destination_is_BP1083_before_any_inner_publish()
    {
        var task = Task<PlanBuildpackPlatforms>();

        Assert.False(task.Execute());

        var error = Assert.Single(((BuildEngineStub)task.BuildEngine).Errors);
        Assert.Equal("BP1083", error.Code);
        Assert.Empty(task.PlatformImages);
    }

    [Fact]
    public void An_archive_plans_inner_images_in_the_scratch_layout_under_tag_dash_rid()
    {
        var task = Task<PlanBuildpackPlatforms>(t => t.BuildpackArchiveOutputPath = "app.tar");

        Assert.True(task.Execute(), string.Join("; ", ((BuildEngineStub)task.BuildEngine).Errors.Select(e => e.Message)));

        Assert.Equal(["linux-x64", "linux-arm64"], task.PlatformImages.Select(i => i.ItemSpec));
        Assert.Equal(["linux/amd64", "linux/arm64"], task.PlatformImages.Select(i => i.GetMetadata("Platform")));
        Assert.Equal("127.0.0.1:5000/team/app:1.4-linux-arm64", task.PlatformImages[1].GetMetadata("Image"));
        Assert.Equal(Path.Combine(_temp.Path, "obj", "buildpack-platforms"), task.PlatformImages[1].GetMetadata("BuildpackLayoutOutputPath"));
        Assert.Equal("false", task.PlatformImages[1].GetMetadata("BuildpackPublish"));
    }

    [Fact]
    public async Task The_index_task_writes_the_index_over_the_inner_images_of_a_layout()
    {
        var layout = _temp.Combine("out");
        var store = new OciLayoutImageStore(layout);
        var layer = TestLayerFile.Busybox(_temp.Combine("work"));
        foreach (var (rid, architecture) in new[] { ("linux-x64", "amd64"), ("linux-arm64", "arm64") })
        {
            await store.WriteImageAsync(
                new ImageWriteRequest
                {
                    Tags = [ImageReference.Parse($"127.0.0.1:5000/team/app:1.4-{rid}")],
                    Layers = [new LayerToWrite(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Parse(layer.Digest), Size = layer.Size }, Digest.Parse(layer.DiffId), new FileLayerContent(layer.Path))],
                    Config = new ImageConfig { Os = "linux", Architecture = architecture, Config = new ContainerConfig() },
                },
                default);
        }

        var task = Task<CreateBuildpackImageIndex>(t => (t.BuildpackLayoutOutputPath, t.BuildpackTags) = ("out", "latest"));

        Assert.True(task.Execute(), string.Join("; ", ((BuildEngineStub)task.BuildEngine).Errors.Select(e => e.Message)));

        Assert.Equal(["127.0.0.1:5000/team/app:1.4", "127.0.0.1:5000/team/app:latest"], task.BuildpackImageTags.Select(t => t.ItemSpec));
        var index = await store.TryReadIndexAsync(ImageReference.Parse("127.0.0.1:5000/team/app:latest"), default);
        Assert.Equal(task.BuildpackImageDigest, index!.Descriptor.Digest.ToString());
        Assert.Equal(["linux/amd64", "linux/arm64"], index.PlatformManifests.Select(m => m.Platform!.ToString()));
    }
}
