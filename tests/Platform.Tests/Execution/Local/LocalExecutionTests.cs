using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Local;
using Buildpacks.Platform.Tests.Support;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Buildpacks;
using Buildpacks.TestInfrastructure.Images;
using Xunit;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Tests.Execution.Local;

/// <summary>
/// Local execution end to end: the sample builder from the loopback registry, our lifecycle in this process, the
/// sample .NET buildpacks (and fixture ones) on this machine, images run with <c>docker run --network none</c>.
/// </summary>
[Collection(LocalExecutionCollection.Name)]
public sealed class LocalExecutionTests(LocalExecutionFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("local-exec-test");

    public void Dispose() => _temp.Dispose();

    private string ScratchRoot => Directory.CreateDirectory(_temp.Combine("scratch")).FullName;

    private static ImageReference UniqueTag(string purpose) => ImageReference.Parse($"127.0.0.1:5000/{DockerTestCli.UniqueRepository(purpose)}:1");

    private BuildRequest Request(string app, ImageReference tag, ImageDestination destination) => new()
    {
        AppDirectory = app,
        Tags = [tag],
        Builder = ImageReference.Parse(LocalExecutionFixture.Builder),
        Destination = destination,
        Cache = new BuildCache { Directory = _temp.Combine("cache") },

        // Local execution runs the builder's buildpacks on this machine: it takes trusted builders only (BP8002).
        TrustedBuilders = [LocalExecutionFixture.Builder],
    };

    private LocalExecution Execution(string? cacheRoot = null, RegistryStore? registry = null) => new(new LocalExecutionOptions
    {
        CacheRoot = cacheRoot ?? fixture.SharedCacheRoot,
        ScratchRoot = ScratchRoot,
        Registry = registry,
    });

    [Fact]
    public async Task Framework_dependent_app_to_the_registry_runs_and_a_second_build_reuses_the_builder_tree_and_the_cache()
    {
        await RequiredServices.RequireDockerAsync();
        var tag = UniqueTag("local-fd");
        var cacheRoot = _temp.Combine("user-cache");
        var request = Request(fixture.ConsoleFrameworkDependent, tag, ImageDestination.Registry);
        var publishedBefore = Snapshot(fixture.ConsoleFrameworkDependent);
        try
        {
            using var firstRegistry = new RegistryStore();
            var first = await Execution(cacheRoot, firstRegistry).BuildAsync(request, new TestBuildLog(), CancellationToken.None);
            var firstDownloaded = firstRegistry.Statistics.BytesDownloaded;

            using var secondRegistry = new RegistryStore();
            var log = new TestBuildLog();
            var second = await Execution(cacheRoot, secondRegistry).BuildAsync(request, log, CancellationToken.None);

            Assert.Equal([tag.ToString()], first.Tags);
            Assert.Equal(LocalExecutionFixture.Greeting, (await DockerTestCli.RunContainerAsync($"{tag.Name}@{first.ManifestDigest}")).Trim());
            Assert.Equal(first.ManifestDigest, second.ManifestDigest); // same inputs, same image
            Assert.DoesNotContain(log.Lines, l => l.Contains("Extracting the file system", StringComparison.Ordinal));
            Assert.Single(Directory.GetDirectories(Path.Combine(cacheRoot, "builder-roots")));
            // The first build read the builder's layers; the second only manifests and configs (a few KB).
            Assert.True(firstDownloaded > 1_000_000, $"the first build downloaded {firstDownloaded} bytes");
            Assert.True(secondRegistry.Statistics.BytesDownloaded < 200_000, $"the second build downloaded {secondRegistry.Statistics.BytesDownloaded} bytes:\n{log}");
            Assert.Contains(log.Lines, l => l.Contains("dotnet-runtime", StringComparison.Ordinal) && l.Contains("Reusing", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(publishedBefore, Snapshot(fixture.ConsoleFrameworkDependent));
            Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(tag.ToString());
        }
    }

    [Fact]
    public async Task Self_contained_app_to_an_OCI_layout_with_a_cache_image_runs_under_docker()
    {
        await RequiredServices.RequireDockerAsync();
        var layout = _temp.Combine("layout");
        var tag = UniqueTag("local-sc");
        var daemonName = $"{DockerTestCli.UniqueRepository("local-sc-layout")}:1";
        try
        {
            var cacheImage = ImageReference.Parse($"127.0.0.1:5000/{DockerTestCli.UniqueRepository("local-sc-cache")}:build-cache");
            var request = Request(fixture.ConsoleSelfContained, tag, new ImageDestination(ImageDestinationKind.Layout, layout)) with
            {
                Cache = new BuildCache { Image = cacheImage },
            };
            var result = await Execution().BuildAsync(request, new TestBuildLog(), CancellationToken.None);
            using var registry = new RegistryStore();
            Assert.NotNull(await registry.TryReadImageAsync(cacheImage, Lifecycle.Cache.ImageCache.CachePlatform, CancellationToken.None));

            var image = await new OciLayoutImageStore(layout).TryReadImageAsync(tag, ImagePlatform.Parse("linux/amd64"), CancellationToken.None);
            Assert.NotNull(image);
            Assert.Equal(result.ManifestDigest, image.Digest.ToString());
            await ProcessRunner.RunCheckedAsync("skopeo", "copy", "--quiet", $"oci:{layout}:1", $"docker-daemon:{daemonName}");
            Assert.Equal(LocalExecutionFixture.Greeting, (await DockerTestCli.RunContainerAsync(daemonName)).Trim());
            Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(daemonName);
        }
    }

    [Fact]
    public async Task Env_and_bindings_reach_an_extra_buildpack_exclude_leaves_files_out_and_the_publish_dir_is_untouched()
    {
        var layout = _temp.Combine("layout");
        var tag = UniqueTag("local-env");
        var app = _temp.Combine("app");
        DirectoryCopy.Copy(fixture.ConsoleSelfContained, app);
        File.WriteAllText(Path.Combine(app, "notes.secret"), "not for the image");
        Directory.CreateDirectory(Path.Combine(app, "logs"));
        File.WriteAllText(Path.Combine(app, "logs", "today.log"), "nor this");
        var publishedBefore = Snapshot(app);
        var absoluteBinding = Directory.CreateDirectory(_temp.Combine("binding-absolute")).FullName;
        File.WriteAllText(Path.Combine(absoluteBinding, "greeting"), "mounted where asked");
        var serviceBinding = Directory.CreateDirectory(_temp.Combine("binding-db")).FullName;
        File.WriteAllText(Path.Combine(serviceBinding, "type"), "postgresql");
        var log = new TestBuildLog();
        var request = Request(app, tag, new ImageDestination(ImageDestinationKind.Layout, layout)) with
        {
            Environment = [new("FIXTURE_VAR", "from the request")],
            Bindings = [new BuildBinding(absoluteBinding, LocalExecutionFixture.AbsoluteBinding), new BuildBinding(serviceBinding, "db")],
            Exclude = ["*.secret", "logs/"],
            Buildpacks = [fixture.FixtureBuildpack, "buildpacks-msbuild/dotnet-app"],
            Labels = [new("org.opencontainers.image.title", "local-env")],
        };

        await Execution().BuildAsync(request, log, CancellationToken.None);

        var said = log.PhaseOutputOf("builder");
        Assert.Contains(BuildScript.EnvLinePrefix + "FIXTURE_VAR=from the request", said);
        Assert.Contains($"{LocalExecutionFixture.BindingLinePrefix}{LocalExecutionFixture.AbsoluteBinding}/greeting=mounted where asked", said);
        Assert.Contains($"{LocalExecutionFixture.BindingLinePrefix}/platform/bindings/db/type=postgresql", said);
        var appFiles = said.Where(l => l.StartsWith(BuildScript.AppLinePrefix, StringComparison.Ordinal)).ToList();
        Assert.Contains(BuildScript.AppLinePrefix + "ConsoleApp", appFiles);
        Assert.DoesNotContain(appFiles, l => l.Contains("notes.secret", StringComparison.Ordinal));
        Assert.DoesNotContain(appFiles, l => l.Contains("today.log", StringComparison.Ordinal));
        var image = (await new OciLayoutImageStore(layout).TryReadImageAsync(tag, ImagePlatform.Parse("linux/amd64"), CancellationToken.None))!;
        var files = await ImageLayers.ListAsync(image);
        Assert.Contains("/workspace/ConsoleApp", files.Keys);
        Assert.Contains("/workspace/buildpack-was-here.txt", files.Keys);
        Assert.DoesNotContain("/workspace/notes.secret", files.Keys);
        Assert.DoesNotContain(files.Keys, k => k.StartsWith("/workspace/logs", StringComparison.Ordinal));
        Assert.Equal("local-env", image.Labels["org.opencontainers.image.title"]);
        Assert.Equal(publishedBefore, Snapshot(app));
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
    }

    [Fact]
    public async Task Failed_detection_is_BP4001_with_what_the_buildpack_said_and_leaves_no_scratch_dir()
    {
        var request = Request(fixture.ConsoleSelfContained, UniqueTag("local-detect"), new ImageDestination(ImageDestinationKind.Layout, _temp.Combine("layout"))) with
        {
            Buildpacks = [fixture.FailingBuildpack],
        };

        var error = await Assert.ThrowsAsync<CodedException>(() => Execution().BuildAsync(request, new TestBuildLog(), CancellationToken.None));

        Assert.Equal("BP4001", error.Coded.Code);
        Assert.Contains("[tests/never-detects@1.0.0] said: nothing for me in this app.", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
        Assert.False(Directory.Exists(_temp.Combine("layout", "index.json")));
    }

    [Fact]
    public async Task A_missing_builder_buildpack_is_BP2005_and_two_bindings_at_one_path_BP8012()
    {
        var layout = new ImageDestination(ImageDestinationKind.Layout, _temp.Combine("layout"));
        var binding = Request(fixture.ConsoleSelfContained, UniqueTag("local-binding"), layout) with
        {
            Bindings = [new BuildBinding(_temp.Path, "db"), new BuildBinding(_temp.Path, "/platform/bindings/db")],
        };
        var buildpack = Request(fixture.ConsoleSelfContained, UniqueTag("local-bp"), layout) with
        {
            Buildpacks = ["buildpacks-msbuild/dotnet-app@9.9.9"],
        };

        var bindingError = await Assert.ThrowsAsync<CodedException>(() => Execution().BuildAsync(binding, new TestBuildLog(), CancellationToken.None));
        var buildpackError = await Assert.ThrowsAsync<CodedException>(() => Execution().BuildAsync(buildpack, new TestBuildLog(), CancellationToken.None));

        Assert.Equal("BP8012", bindingError.Coded.Code);
        Assert.Equal("BP2005", buildpackError.Coded.Code);
        Assert.Contains("0.1.0", buildpackError.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
    }

    [Fact]
    public async Task Cancelling_a_build_stops_the_sandboxed_buildpack_within_seconds_and_removes_the_scratch_dir()
    {
        using var cancel = new CancellationTokenSource();
        var sinceCancel = new System.Diagnostics.Stopwatch();
        var log = new TestBuildLog { OnPhaseLine = (_, line) => { if (line == "sleeping") { sinceCancel.Start(); cancel.Cancel(); } } };
        var request = Request(fixture.ConsoleSelfContained, UniqueTag("local-cancel"), new ImageDestination(ImageDestinationKind.Layout, _temp.Combine("layout"))) with
        {
            Buildpacks = [fixture.SleepingBuildpack],
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Execution().BuildAsync(request, log, cancel.Token));

        // Reported, not asserted (tests time nothing): how long the build took to end after the cancel.
        output.WriteLine($"the build ended {sinceCancel.ElapsedMilliseconds} ms after the cancel");

        Assert.Contains("sleeping", log.PhaseOutputOf("builder"));

        // The sandbox and everything in it were killed, not left running.
        var sleeping = await ProcessRunner.RunAsync("pgrep", ["-f", LocalExecutionFixture.SleeperCommand]);
        Assert.True(sleeping.ExitCode != 0, $"the sandboxed buildpack still runs: {sleeping.StandardOutput}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
        Assert.False(File.Exists(_temp.Combine("layout", "index.json")));
    }

    [Fact]
    public async Task Daemon_destination_loads_the_image_into_the_daemon_where_it_runs()
    {
        await RequiredServices.RequireDockerAsync();
        var name = ImageReference.Parse($"{DockerTestCli.UniqueRepository("local-daemon")}:1");
        var request = Request(fixture.ConsoleSelfContained, name, ImageDestination.Daemon) with { DockerHost = "unix://" + RequiredServices.DockerSocket };
        try
        {
            var result = await Execution().BuildAsync(request, new TestBuildLog(), CancellationToken.None);

            Assert.Equal(result.ImageId, (await DockerTestCli.RunAsync("image", "inspect", "--format", "{{.Id}}", name.ToString())).Trim());
            Assert.Equal(LocalExecutionFixture.Greeting, (await DockerTestCli.RunContainerAsync(name.ToString())).Trim());
            Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(name.ToString());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public async Task Local_execution_itself_refuses_an_untrusted_builder_with_BP8002_whoever_calls_it(bool? trust)
    {
        var request = Request(fixture.ConsoleSelfContained, UniqueTag("local-untrusted"), ImageDestination.Registry) with
        {
            TrustedBuilders = trust is null ? [] : [LocalExecutionFixture.Builder],
            TrustBuilder = trust,
        };
        var log = new TestBuildLog();

        var error = await Assert.ThrowsAsync<CodedException>(() => Execution().BuildAsync(request, log, CancellationToken.None));

        Assert.Equal("BP8002", error.Coded.Code);
        Assert.Contains(LocalExecutionFixture.Builder, error.Message, StringComparison.Ordinal);
        Assert.Empty(log.Lines);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
    }

    [Fact]
    public async Task Without_a_working_sandbox_the_build_is_BP8013_before_anything_is_read_and_leaves_nothing()
    {
        var cacheRoot = _temp.Combine("sandboxless-cache");
        var request = Request(fixture.ConsoleSelfContained, UniqueTag("local-nosandbox"), new ImageDestination(ImageDestinationKind.Layout, _temp.Combine("nosandbox-layout")));
        using var registry = new RegistryStore();
        var execution = new LocalExecution(new LocalExecutionOptions
        {
            CacheRoot = cacheRoot,
            ScratchRoot = ScratchRoot,
            Registry = registry,
            SandboxProgram = _temp.Combine("no-bwrap-here"),
        });

        var error = await Assert.ThrowsAsync<CodedException>(() => execution.BuildAsync(request, new TestBuildLog(), CancellationToken.None));

        Assert.Equal("BP8013", error.Coded.Code);
        Assert.Equal(0, registry.Statistics.BytesDownloaded); // never ran buildpacks on the host instead, never read the builder
        Assert.False(Directory.Exists(cacheRoot));
        Assert.False(Directory.Exists(_temp.Combine("nosandbox-layout")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
    }

    [Fact]
    public async Task A_builder_with_image_extensions_is_BP2009_before_anything_runs()
    {
        await RequiredServices.RequireDockerAsync();
        var builder = $"127.0.0.1:5000/{DockerTestCli.UniqueRepository("local-extensions-builder")}:1";
        await DockerTestCli.RunAsync("pull", "--quiet", LocalExecutionFixture.Builder);
        (await ProcessRunner.RunAsync(
            "docker",
            ["build", "--network", "none", "--label", "io.buildpacks.buildpack.order-extensions=[{\"group\":[{\"id\":\"samples/curl\",\"version\":\"0.0.1\"}]}]", "-t", builder, "-"],
            standardInput: $"FROM {LocalExecutionFixture.Builder}\n",
            timeout: TimeSpan.FromMinutes(2))).EnsureSuccess("docker build");
        var log = new TestBuildLog();
        try
        {
            // Not in its registry: Local execution reads it from the daemon.
            var request = Request(fixture.ConsoleFrameworkDependent, UniqueTag("local-extensions"), ImageDestination.Registry) with { Builder = ImageReference.Parse(builder), TrustBuilder = true };

            var error = await Assert.ThrowsAsync<CodedException>(() => Execution(_temp.Combine("extensions-cache")).BuildAsync(request, log, CancellationToken.None));

            Assert.Equal("BP2009", error.Coded.Code);
            Assert.Contains(builder, error.Message, StringComparison.Ordinal);
            Assert.Empty(log.PhaseOutputOf("detector"));
            Assert.False(Directory.Exists(_temp.Combine("extensions-cache", "builder-roots")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
        }
        finally
        {
            await DockerTestCli.RemoveImagesAsync(builder);
        }
    }

    [Fact]
    public async Task Daemon_destination_without_a_daemon_is_BP8004()
    {
        var request = Request(fixture.ConsoleSelfContained, UniqueTag("local-nodaemon"), ImageDestination.Daemon) with
        {
            DockerHost = "unix://" + _temp.Combine("no-such.sock"),
        };

        var error = await Assert.ThrowsAsync<CodedException>(() => Execution().BuildAsync(request, new TestBuildLog(), CancellationToken.None));

        Assert.Equal("BP8004", error.Coded.Code);
        Assert.Contains("no-such.sock", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(ScratchRoot));
    }

    [Fact]
    public async Task Concurrent_extractions_of_one_builder_leave_one_complete_file_system_and_no_partial_dirs()
    {
        using var registry = new RegistryStore();
        var builder = await global::Buildpacks.Platform.Builders.BuilderReader.ReadAsync(registry, ImageReference.Parse(LocalExecutionFixture.Builder), ImagePlatform.Parse("linux/amd64"), CancellationToken.None);
        var cache = new BuilderRootCache(_temp.Combine("builders"));

        var trees = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => cache.GetOrExtractAsync(builder, new TestBuildLog(), CancellationToken.None))));

        Assert.Single(trees.Select(t => t.Root).Distinct());
        Assert.Equal([cache.PathOf(builder)], Directory.GetFileSystemEntries(cache.Root));
        Assert.True(File.Exists(trees[0].LauncherPath));
        Assert.True(File.Exists(trees[0].OrderPath));
        Assert.True(Directory.Exists(Path.Combine(trees[0].BuildpacksDirectory, "buildpacks-msbuild_dotnet-app", "0.1.0")));

        // The whole file system of the build image, not only /cnb: what the sandbox runs the builder's lifecycle in.
        Assert.True(File.Exists(Path.Combine(trees[0].Root, "etc", "os-release")));
        Assert.True(File.Exists(Path.Combine(trees[0].Root, "bin", "sh")) || new FileInfo(Path.Combine(trees[0].Root, "bin")).LinkTarget is not null);
        Assert.Equal("cnb", trees[0].User(1000)?.Name);
        Assert.NotNull(cache.TryGet(builder));
    }

    private static Dictionary<string, string> Snapshot(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => $"{new FileInfo(f).Length}:{File.GetUnixFileMode(f)}:{File.GetLastWriteTimeUtc(f).Ticks}");
}
