using Buildpacks.Platform.Diagnostics;
namespace Buildpacks.MSBuild.Tasks.Tests;

public sealed class PublishRequestMappingTests
{
    private static PublishBuildpackImage Task(Action<PublishBuildpackImage>? configure = null)
    {
        var task = new PublishBuildpackImage
        {
            BuildEngine = new BuildEngineStub(),
            PublishDirectory = "publish",
            BuildpackImage = "localhost:5000/team/app:1",
            BuildpackBuilder = "127.0.0.1:5000/buildpacks-samples/builder:bookworm",
            BuildpackPublish = true,
        };
        configure?.Invoke(task);
        return task;
    }

    private static string CodeOf(Action<PublishBuildpackImage> configure) =>
        Assert.Throws<CodedException>(() => PublishRequestMapping.Map(Task(configure))).Coded.Code;

    [Fact]
    public void The_image_is_the_first_tag_and_BuildpackTags_add_tags_to_its_repository()
    {
        var request = PublishRequestMapping.Map(Task(t => t.BuildpackTags = "latest; 1.0"));

        Assert.Equal(["localhost:5000/team/app:1", "localhost:5000/team/app:latest", "localhost:5000/team/app:1.0"], request.Tags.Select(t => t.ToString()));
    }

    [Fact]
    public void The_publish_directory_becomes_an_absolute_app_directory()
    {
        var request = PublishRequestMapping.Map(Task());

        Assert.Equal(Path.GetFullPath("publish"), request.AppDirectory);
    }

    [Fact]
    public void BuildpackPublish_sends_the_image_to_the_registry()
    {
        Assert.Equal(new ImageDestination(ImageDestinationKind.Registry), PublishRequestMapping.Map(Task()).Destination);
    }

    [Fact]
    public void BuildpackLayoutOutputPath_sends_the_image_to_an_OCI_layout()
    {
        var request = PublishRequestMapping.Map(Task(t => (t.BuildpackPublish, t.BuildpackLayoutOutputPath) = (false, "out/layout")));

        Assert.Equal(new ImageDestination(ImageDestinationKind.Layout, Path.GetFullPath("out/layout")), request.Destination);
    }

    [Fact]
    public void BuildpackArchiveOutputPath_sends_the_image_to_an_archive()
    {
        var request = PublishRequestMapping.Map(Task(t => (t.BuildpackPublish, t.BuildpackArchiveOutputPath) = (false, "app.tar")));

        Assert.Equal(new ImageDestination(ImageDestinationKind.Archive, Path.GetFullPath("app.tar")), request.Destination);
    }

    [Fact]
    public void Optional_properties_left_empty_mean_the_defaults()
    {
        var request = PublishRequestMapping.Map(Task(t => (t.BuildpackRunImage, t.BuildpackPlatform, t.BuildpackDefaultProcess) = ("", " ", null)));

        Assert.Null(request.RunImage);
        Assert.Null(request.Platform);
        Assert.Null(request.DefaultProcess);
    }

    [Fact]
    public void BuildpackPlatform_and_BuildpackInsecureRegistries_are_parsed()
    {
        var request = PublishRequestMapping.Map(Task(t => (t.BuildpackPlatform, t.BuildpackInsecureRegistries) = ("linux/arm64", "a:5000;b")));

        Assert.Equal("arm64", request.Platform!.Architecture);
        Assert.Equal(["a:5000", "b"], request.InsecureRegistries);
    }

    [Theory]
    [InlineData("Team/App")]
    [InlineData("")]
    public void An_invalid_BuildpackImage_is_BP1001(string image) => Assert.Equal("BP1001", CodeOf(t => t.BuildpackImage = image));

    [Fact]
    public void An_invalid_BuildpackBuilder_is_BP1002() => Assert.Equal("BP1002", CodeOf(t => t.BuildpackBuilder = "Builder!"));

    [Fact]
    public void An_invalid_tag_is_BP1003() => Assert.Equal("BP1003", CodeOf(t => t.BuildpackTags = "bad tag"));

    [Fact]
    public void Container_execution_is_not_supported_yet_BP1005() => Assert.Equal("BP1005", CodeOf(t => t.BuildpackExecution = "Container"));

    [Theory]
    [InlineData("Local")]
    [InlineData("auto")]
    [InlineData("")]
    public void Local_and_Auto_execution_are_accepted(string execution) =>
        Assert.NotNull(PublishRequestMapping.Map(Task(t => t.BuildpackExecution = execution)));

    [Fact]
    public void No_destination_is_BP1006() => Assert.Equal("BP1006", CodeOf(t => t.BuildpackPublish = false));

    [Fact]
    public void Two_destinations_are_BP1007() => Assert.Equal("BP1007", CodeOf(t => t.BuildpackLayoutOutputPath = "layout"));

    [Fact]
    public void An_invalid_BuildpackPlatform_is_BP1008() => Assert.Equal("BP1008", CodeOf(t => t.BuildpackPlatform = "linux"));
}
