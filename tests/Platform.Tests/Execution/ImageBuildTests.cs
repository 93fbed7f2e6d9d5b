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
    public async Task Preparing_goes_to_the_execution_the_build_would_choose_with_project_toml_merged_before_the_app_exists()
    {
        Directory.Delete(_temp.Combine("publish"), recursive: true);
        _temp.WriteFile("project.toml", "[_]\nschema-version = \"0.2\"\n[io.buildpacks]\nbuilder = \"127.0.0.1:5000/project/builder:2\"\n");
        var noDaemon = new FakeExecutionHost(isLinux: true, daemonAnswers: false);

        await new ImageBuild(_host).PrepareAsync(Request(builderGiven: false), CancellationToken.None);
        await new ImageBuild(noDaemon).PrepareAsync(Request(builderGiven: false), CancellationToken.None);

        Assert.Equal("127.0.0.1:5000/project/builder:2", Assert.Single(_host.ContainerExecution.Prepared).Builder.ToString());
        Assert.Empty(_host.LocalExecution.Prepared);
        Assert.Equal("127.0.0.1:5000/project/builder:2", Assert.Single(noDaemon.LocalExecution.Prepared).Builder.ToString());
        Assert.Empty(_host.ContainerExecution.Requests);
    }

    [Fact]
    public async Task Preparing_fails_silently_where_the_build_would_report_the_error()
    {
        _temp.WriteFile("project.toml", "this is not TOML [");
        var request = Request();

        await new ImageBuild(_host).PrepareAsync(request, CancellationToken.None);

        Assert.Empty(_host.ContainerExecution.Prepared);
        Assert.Equal("BP7003", (await Assert.ThrowsAsync<CodedException>(() => RunAsync(request))).Coded.Code);
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
        Assert.Equal(first.Result, second.Result with { Tags = first.Result.Tags, Inputs = first.Result.Inputs });
        Assert.Equal(first.Result.Tags, second.Result.Tags);
        Assert.Equal(first.Result.Inputs, second.Result.Inputs);
        Assert.Equal($"127.0.0.1:5000/app:1@{FakeExecutionHost.ImageDigest}", first.Display);
        Assert.Equal($"127.0.0.1:5000/app:1@{FakeExecutionHost.ImageDigest} (up to date)", second.Display);
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
    public async Task A_deleted_output_image_or_a_moved_builder_tag_builds_again_and_says_why()
    {
        var stamp = _temp.Combine("obj", "stamp.json");
        await RunAsync(Request(stamp: stamp));

        _host.Names.TryRemove((ImageOrigin.Registry, "127.0.0.1:5000/app:1"), out _);
        var log = new TestBuildLog();
        var afterRemoval = await new ImageBuild(_host).RunAsync(Request(stamp: stamp), log, CancellationToken.None);

        _host.Names[(ImageOrigin.Registry, "127.0.0.1:5000/user/builder:1")] = "sha256:" + new string('d', 64);
        var afterMove = await new ImageBuild(_host).RunAsync(Request(stamp: stamp), log, CancellationToken.None);
        var unchanged = await RunAsync(Request(stamp: stamp));

        Assert.False(afterRemoval.UpToDate);
        Assert.False(afterMove.UpToDate);
        Assert.True(unchanged.UpToDate);
        Assert.Equal(3, _host.ContainerExecution.Requests.Count);
        Assert.Contains(log.Lines, l => l.Contains("127.0.0.1:5000/app:1 is no longer in the registry", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains($"127.0.0.1:5000/user/builder:1 now points to sha256:{new string('d', 64)}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_daemon_image_whose_tag_now_names_another_image_builds_again()
    {
        var stamp = _temp.Combine("obj", "stamp.json");
        var request = Request(stamp: stamp);
        request = request with { Build = request.Build with { Destination = ImageDestination.Daemon } };
        await RunAsync(request);
        Assert.True((await RunAsync(request)).UpToDate);

        _host.Names[(ImageOrigin.Daemon, "127.0.0.1:5000/app:1")] = "sha256:" + new string('e', 64);

        Assert.False((await RunAsync(request)).UpToDate);
    }

    [Fact]
    public async Task An_archive_rewritten_since_the_build_builds_again()
    {
        var stamp = _temp.Combine("obj", "stamp.json");
        var archive = _temp.Combine("out", "app.tar");
        var request = Request(stamp: stamp);
        request = request with { Build = request.Build with { Destination = new ImageDestination(ImageDestinationKind.Archive, archive) } };
        _temp.WriteFile("out/app.tar", "the image");
        await RunAsync(request);
        Assert.True((await RunAsync(request)).UpToDate);

        _temp.WriteFile("out/app.tar", "another image");

        Assert.False((await RunAsync(request)).UpToDate);
    }

    [Fact]
    public async Task The_created_time_is_fixed_once_and_labelled_unless_the_user_labels_it()
    {
        var request = Request() with { CreatedLabel = true };
        await RunAsync(request);
        await RunAsync(request with { Build = request.Build with { Labels = [new("org.opencontainers.image.created", "mine")] } });
        await RunAsync(Request());

        var (labelled, userLabelled, unlabelled) = (_host.ContainerExecution.Requests[0], _host.ContainerExecution.Requests[1], _host.ContainerExecution.Requests[2]);
        Assert.Equal(new DateTimeOffset(1980, 1, 1, 0, 0, 1, TimeSpan.Zero), labelled.Created);
        Assert.Equal([new("org.opencontainers.image.created", "1980-01-01T00:00:01Z")], labelled.Labels);
        Assert.Equal([new("org.opencontainers.image.created", "mine")], userLabelled.Labels);
        Assert.Empty(unlabelled.Labels);
        Assert.NotNull(unlabelled.Created);
    }

    [Theory]
    [InlineData("archive-is-a-directory", "BP1024")]
    [InlineData("layout-is-a-file", "BP1024")]
    [InlineData("layout-holds-other-files", "BP1024")]
    [InlineData("archive-in-the-publish-directory", "BP1025")]
    [InlineData("sbom-is-the-layout", "BP1025")]
    [InlineData("archive-under-a-file", "BP1024")]
    public async Task Unusable_output_paths_fail_before_any_execution_with_their_own_code(string @case, string code)
    {
        _temp.WriteFile("out/file", "x");
        _temp.WriteFile("out/full/other", "x");
        Directory.CreateDirectory(_temp.Combine("out", "dir"));
        var build = Request().Build;
        build = @case switch
        {
            "archive-is-a-directory" => build with { Destination = new(ImageDestinationKind.Archive, _temp.Combine("out", "dir")) },
            "layout-is-a-file" => build with { Destination = new(ImageDestinationKind.Layout, _temp.Combine("out", "file")) },
            "layout-holds-other-files" => build with { Destination = new(ImageDestinationKind.Layout, _temp.Combine("out", "full")) },
            "archive-in-the-publish-directory" => build with { Destination = new(ImageDestinationKind.Archive, _temp.Combine("publish", "app.tar")) },
            "sbom-is-the-layout" => build with { Destination = new(ImageDestinationKind.Layout, _temp.Combine("out", "layout")), SbomOutputDirectory = _temp.Combine("out", "layout") },
            _ => build with { Destination = new(ImageDestinationKind.Archive, _temp.Combine("out", "file", "app.tar")) },
        };

        var error = await Assert.ThrowsAsync<CodedException>(() => RunAsync(Request() with { Build = build }));

        Assert.Equal(code, error.Coded.Code);
        Assert.Equal(0, _host.Probes);
        Assert.False(Directory.Exists(_temp.Combine("out", "layout")));
    }

    [Fact]
    public async Task An_output_directory_this_user_cannot_write_is_BP1023()
    {
        // sysfs takes no new files, even from root (the tests may run as root, where permissions do not stop a write).
        var build = Request().Build with { Destination = new(ImageDestinationKind.Archive, "/sys/bp-tests/app.tar") };

        var error = await Assert.ThrowsAsync<CodedException>(() => RunAsync(Request() with { Build = build }));

        Assert.Equal("BP1023", error.Coded.Code);
        Assert.Contains("BuildpackArchiveOutputPath '/sys/bp-tests/app.tar'", error.Coded.Text, StringComparison.Ordinal);
        Assert.Equal(0, _host.Probes);
    }

    [Fact]
    public async Task Without_a_daemon_the_build_runs_locally()
    {
        var host = new FakeExecutionHost(isLinux: true, daemonAnswers: false);

        await new ImageBuild(host).RunAsync(Request(), new TestBuildLog(), CancellationToken.None);

        Assert.Single(host.LocalExecution.Requests);
    }

    [Fact]
    public async Task A_secret_reaches_the_build_as_a_binding_only_while_it_runs_and_never_its_log_or_error()
    {
        var variable = $"BP_TEST_SECRET_{Guid.NewGuid():N}";
        var value = $"s3cret-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            var request = Request();
            request = request with { Build = request.Build with { Secrets = [new BuildSecret(variable, "feed", "token", "nuget")] } };
            string? seen = null;
            string? mounted = null;
            _host.ContainerExecution.OnBuild = (build, log) =>
            {
                var given = Assert.Single(build.Bindings);
                (seen, mounted) = (File.ReadAllText(Path.Combine(given.Source, "token")), given.PathInBuild);
                log.PhaseOutput("build", $"the token is {value}");
            };
            var log = new TestBuildLog();

            await new ImageBuild(_host).RunAsync(request, log, CancellationToken.None);

            var binding = Assert.Single(_host.ContainerExecution.Requests[0].Bindings);
            Assert.Equal("/platform/bindings/feed", mounted);
            Assert.Equal(value, seen);
            Assert.False(Directory.Exists(binding.Source));
            Assert.Contains("[build] the token is ***", log.Lines);
            Assert.DoesNotContain(log.Lines, l => l.Contains(value, StringComparison.Ordinal));

            // A build that fails with the secret in its error (a buildpack's last lines) fails without it.
            _host.ContainerExecution.OnBuild = (_, _) => throw CodedException.Of(Messages.InvalidSecret, "X", $"it printed {value}.");
            var error = await Assert.ThrowsAsync<CodedException>(() => new ImageBuild(_host).RunAsync(request with { Force = true }, log, CancellationToken.None));
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
            Assert.Contains("it printed ***.", error.Message, StringComparison.Ordinal);

            // So does one the host would map to its code (a lifecycle's error).
            _host.ContainerExecution.OnBuild = (_, _) => throw new global::Buildpacks.Lifecycle.LifecycleException(global::Buildpacks.Lifecycle.LifecycleExitCodes.BuildError, $"the buildpack said {value}");
            var failed = await Assert.ThrowsAsync<CodedException>(() => new ImageBuild(_host).RunAsync(request with { Force = true }, log, CancellationToken.None));
            Assert.Equal("BP4002", failed.Coded.Code);
            Assert.Contains("the buildpack said ***", failed.Message, StringComparison.Ordinal);

            // Not set when a build would run: BP1091, before the execution is given anything.
            Environment.SetEnvironmentVariable(variable, null);
            Assert.Equal("BP1091", (await Assert.ThrowsAsync<CodedException>(() => new ImageBuild(_host).RunAsync(request, log, CancellationToken.None))).Coded.Code);
            Assert.Equal(3, _host.ContainerExecution.Requests.Count);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_second_build_of_the_same_image_waits_for_the_first_and_says_so()
    {
        var image = ImageReference.Parse($"127.0.0.1:5000/lock-{Guid.NewGuid():N}:1");
        var request = Request();
        request = request with { Build = request.Build with { Tags = [image] } };
        var log = new TestBuildLog();
        var first = await ImageBuildLock.AcquireAsync(_host.BuildLockDirectory, image, new TestBuildLog(), CancellationToken.None);

        var second = new ImageBuild(_host).RunAsync(request, log, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(second.IsCompleted);
        Assert.Empty(_host.ContainerExecution.Requests);
        Assert.Contains(log.Lines, l => l.Contains($"Another build of {image.Name} is running", StringComparison.Ordinal));
        first.Dispose();
        await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(_host.ContainerExecution.Requests);

        // Another image's build does not wait for it.
        using var other = await ImageBuildLock.AcquireAsync(_host.BuildLockDirectory, ImageReference.Parse("127.0.0.1:5000/lock-other:1"), new TestBuildLog(), CancellationToken.None);
        await new ImageBuild(_host).RunAsync(request, log, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_build_waiting_for_the_lock_ends_when_cancelled()
    {
        var image = ImageReference.Parse($"127.0.0.1:5000/lock-{Guid.NewGuid():N}:1");
        var request = Request();
        using var first = await ImageBuildLock.AcquireAsync(_host.BuildLockDirectory, image, new TestBuildLog(), CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ImageBuild(_host).RunAsync(request with { Build = request.Build with { Tags = [image] } }, new TestBuildLog(), cancel.Token));
        Assert.Empty(_host.ContainerExecution.Requests);
    }

    public void Dispose() => _temp.Dispose();
}
