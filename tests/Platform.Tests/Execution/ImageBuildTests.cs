using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Tests.Execution.Local;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Execution;

public sealed class ImageBuildTests : IDisposable
{
    private readonly TempDirectory _temp = new("bp-image-build");
    private readonly FakeExecutionHost _host = new(isLinux: true, daemonAnswers: true);

    public ImageBuildTests()
    {
        _temp.WriteFile("publish/app.dll", "app");
    }

    private ImageBuildRequest Request(bool builderGiven = true, string? stamp = null, bool force = false) => new()
    {
        Build = new BuildRequest
        {
            AppDirectory = _temp.Combine("publish"),
            ProjectDirectory = _temp.Path,
            Tags = [ImageReference.Parse("127.0.0.1:5000/app:1")],
            Builder = builderGiven ? ImageReference.Parse("127.0.0.1:5000/user/builder:1") : BuilderDefaults.Builder,
            Destination = ImageDestination.Registry,
        },
        BuilderGiven = builderGiven,
        StampPath = stamp,
        Force = force,
    };

    private Task<ImageBuildOutcome> RunAsync(ImageBuildRequest request) =>
        new ImageBuild(_host).RunAsync(request, new TestBuildLog(), CancellationToken.None);

    [Fact]
    public async Task The_chosen_execution_builds_the_request_and_the_summary_is_BP4100_with_the_digest()
    {
        var outcome = await RunAsync(Request());

        var built = Assert.Single(_host.ContainerExecution.Requests);
        Assert.Equal("127.0.0.1:5000/app:1", built.Tags[0].ToString());
        Assert.Empty(_host.LocalExecution.Requests);
        Assert.False(outcome.UpToDate);
        Assert.Equal("BP4100", outcome.Summary.Code);
        Assert.Contains(outcome.Result.ManifestDigest!, outcome.Summary.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Project_toml_names_the_builder_only_when_the_user_did_not()
    {
        _temp.WriteFile("project.toml", "[_]\nschema-version = \"0.2\"\n[io.buildpacks]\nbuilder = \"127.0.0.1:5000/project/builder:2\"\n");

        await RunAsync(Request(builderGiven: false));
        await RunAsync(Request(builderGiven: true));

        Assert.Equal("127.0.0.1:5000/project/builder:2", _host.ContainerExecution.Requests[0].Builder.ToString());
        Assert.Equal("127.0.0.1:5000/user/builder:1", _host.ContainerExecution.Requests[1].Builder.ToString());
    }

    [Fact]
    public async Task Project_toml_settings_are_merged_with_the_user_s_winning()
    {
        _temp.WriteFile("project.toml", "[_]\nschema-version = \"0.2\"\n[[io.buildpacks.build.env]]\nname = \"A\"\nvalue = \"toml\"\n[[io.buildpacks.build.env]]\nname = \"B\"\nvalue = \"toml\"\n");
        var request = Request();

        await RunAsync(request with { Build = request.Build with { Environment = [new("A", "user")] } });

        Assert.Equal([new("B", "toml"), new("A", "user")], _host.ContainerExecution.Requests[0].Environment);
    }

    [Fact]
    public async Task A_missing_publish_directory_is_BP1004_before_any_execution_is_chosen()
    {
        Directory.Delete(_temp.Combine("publish"), recursive: true);

        var error = await Assert.ThrowsAsync<CodedException>(() => RunAsync(Request()));

        Assert.Equal("BP1004", error.Coded.Code);
        Assert.Equal(0, _host.Probes);
    }

    [Fact]
    public async Task An_unchanged_build_with_a_stamp_is_up_to_date_BP4101_and_builds_nothing()
    {
        var stamp = _temp.Combine("obj", "stamp.json");
        var first = await RunAsync(Request(stamp: stamp));

        var second = await RunAsync(Request(stamp: stamp));

        Assert.Single(_host.ContainerExecution.Requests);
        Assert.True(second.UpToDate);
        Assert.Equal("BP4101", second.Summary.Code);
        Assert.Equal(first.Result, second.Result with { Tags = first.Result.Tags });
        Assert.Equal(first.Result.Tags, second.Result.Tags);
    }

    [Fact]
    public async Task A_changed_app_file_or_Force_builds_again()
    {
        var stamp = _temp.Combine("obj", "stamp.json");
        await RunAsync(Request(stamp: stamp));

        _temp.WriteFile("publish/app.dll", "changed");
        await RunAsync(Request(stamp: stamp));
        await RunAsync(Request(stamp: stamp, force: true));

        Assert.Equal(3, _host.ContainerExecution.Requests.Count);
    }

    [Fact]
    public async Task Without_a_daemon_the_build_runs_locally()
    {
        var host = new FakeExecutionHost(isLinux: true, daemonAnswers: false);

        await new ImageBuild(host).RunAsync(Request(), new TestBuildLog(), CancellationToken.None);

        Assert.Single(host.LocalExecution.Requests);
    }

    public void Dispose() => _temp.Dispose();
}
