using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.Local;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution.Local;

/// <summary>
/// The builder's file system made ahead of a Local build (what a publish starts before it compiles): the preparation
/// extracts it, a build joins an extraction in flight instead of making a second one, and a cancelled wait stops an
/// extraction no one else waits for, leaving no partial copy. Against the sample builder in the loopback registry.
/// </summary>
[Collection(LocalExecutionCollection.Name)]
public sealed class BuilderPreparationTests : IDisposable
{
    private readonly TempDirectory _temp = new("builder-prep-test");

    public void Dispose() => _temp.Dispose();

    private static async Task<Builder> SampleBuilderAsync(RegistryStore registry) =>
        await BuilderReader.ReadAsync(registry, ImageReference.Parse(LocalExecutionFixture.Builder), ImagePlatform.Parse("linux/amd64"), CancellationToken.None);

    private BuildRequest Request(IReadOnlyList<string> trusted) => new()
    {
        AppDirectory = _temp.Combine("publish-dir-not-made-yet"),
        Tags = [ImageReference.Parse("127.0.0.1:5000/builder-prep-test/app:1")],
        Builder = ImageReference.Parse(LocalExecutionFixture.Builder),
        Destination = ImageDestination.Registry,
        Platform = ImagePlatform.Parse("linux/amd64"),
        TrustedBuilders = trusted,
    };

    [Fact]
    public async Task Preparing_a_build_extracts_the_trusted_builders_file_system_before_the_app_exists()
    {
        var execution = new LocalExecution(new LocalExecutionOptions { CacheRoot = _temp.Combine("user-cache") });
        using var registry = new RegistryStore();
        var builder = await SampleBuilderAsync(registry);

        await execution.PrepareAsync(Request([LocalExecutionFixture.Builder]), CancellationToken.None);

        var root = execution.Builders.TryGet(builder);
        Assert.NotNull(root);
        Assert.True(File.Exists(root.LauncherPath));
        Assert.Equal([execution.Builders.PathOf(builder)], Directory.GetFileSystemEntries(execution.Builders.Root));
    }

    [Fact]
    public async Task Preparing_a_build_of_an_untrusted_builder_reads_and_writes_nothing()
    {
        var execution = new LocalExecution(new LocalExecutionOptions { CacheRoot = _temp.Combine("user-cache") });

        await execution.PrepareAsync(Request([]), CancellationToken.None);

        Assert.False(Directory.Exists(execution.Builders.Root));
    }

    [Fact]
    public async Task A_build_joins_the_extraction_in_flight_and_one_file_system_results()
    {
        using var registry = new RegistryStore();
        var builder = await SampleBuilderAsync(registry);
        var cache = new BuilderRootCache(_temp.Combine("builders"));
        var log = new TestBuildLog();

        var ahead = cache.StartExtracting(builder);
        var root = await cache.GetOrExtractAsync(builder, log, CancellationToken.None);
        await ahead;

        Assert.Contains(log.Lines, l => l.Contains("Waiting for the file system of", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("Extracting the file system of", StringComparison.Ordinal));
        Assert.Equal([cache.PathOf(builder)], Directory.GetFileSystemEntries(cache.Root));
        Assert.True(File.Exists(root.LauncherPath));
        Assert.Equal(Task.CompletedTask, cache.StartExtracting(builder));
    }

    [Fact]
    public async Task An_extraction_removes_partial_copies_whose_lock_nobody_holds_and_keeps_one_being_written()
    {
        using var registry = new RegistryStore();
        var builder = await SampleBuilderAsync(registry);
        var cache = new BuilderRootCache(_temp.Combine("builders"));
        var abandoned = Directory.CreateDirectory(Path.Combine(cache.Root, ".partial-abandoned-by-a-killed-publish", "usr")).Parent!.FullName;
        File.WriteAllText(abandoned + ".lock", "");
        var beingWritten = Directory.CreateDirectory(Path.Combine(cache.Root, ".partial-being-written-elsewhere")).FullName;
        using (new FileStream(beingWritten + ".lock", FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await cache.GetOrExtractAsync(builder, new TestBuildLog(), CancellationToken.None);

            Assert.False(Directory.Exists(abandoned));
            Assert.False(File.Exists(abandoned + ".lock"));
            Assert.True(Directory.Exists(beingWritten));
        }
    }

    [Fact]
    public async Task Cancelling_the_last_wait_stops_the_extraction_and_leaves_no_partial_copy_and_the_next_one_works()
    {
        using var registry = new RegistryStore();
        var builder = await SampleBuilderAsync(registry);
        var cache = new BuilderRootCache(_temp.Combine("builders"));
        using var cancellation = new CancellationTokenSource();

        var waiting = cache.GetOrExtractAsync(builder, new TestBuildLog(), cancellation.Token);
        // Mid-extraction: the sample builder's file system is some 250 MB in thousands of files.
        while (!Directory.Exists(cache.Root) || Directory.GetFileSystemEntries(cache.Root).Length == 0)
        {
            await Task.Delay(10);
        }

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        Assert.Empty(Directory.GetFileSystemEntries(cache.Root));
        Assert.Null(cache.TryGet(builder));
        var root = await cache.GetOrExtractAsync(builder, new TestBuildLog(), CancellationToken.None);
        Assert.True(File.Exists(root.LauncherPath));
    }
}
