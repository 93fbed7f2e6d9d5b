using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Rebase;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Rebase;

/// <summary>
/// Rebase of a multi-platform app image (an index) in an OCI layout: every platform onto the run image's image for its
/// platform, a new index written, each platform's image under &lt;tag&gt;-&lt;rid&gt;.
/// </summary>
public sealed class IndexRebaseTests : IDisposable
{
    private static readonly ImageReference App = ImageReference.Parse("example.com/team/app:1.0");
    private static readonly ImageReference Run = ImageReference.Parse("example.com/base/run:latest");
    private static readonly ImagePlatform Arm64 = ImagePlatform.Parse("linux/arm64");

    private readonly TempDirectory _temp = new("bp-index-rebase");
    private readonly OciLayoutImageStore _store;

    public IndexRebaseTests()
    {
        _store = new OciLayoutImageStore(_temp.Combine("layout"));
    }

    public void Dispose() => _temp.Dispose();

    private async Task<LayerToWrite> LayerAsync(string name, string content)
    {
        var written = await LayerWriter.WriteEntriesAsync([LayerEntry.TextFile(name, content)], _temp.Combine($"{Guid.NewGuid():N}.tgz"));
        return written.ToLayerToWrite();
    }

    private static ImageConfig Config(string architecture, IReadOnlyDictionary<string, string> labels) => new()
    {
        Os = "linux",
        Architecture = architecture,
        Created = new DateTimeOffset(1980, 1, 1, 0, 0, 1, TimeSpan.Zero),
        Config = new ContainerConfig { Env = ["CNB_PLATFORM_API=0.14"], Labels = labels },
    };

    /// <summary>The run image as an index of one image per architecture, each with a marker file of <paramref name="version"/>.</summary>
    private async Task<IReadOnlyList<StoredImage>> WriteRunImageAsync(string version, params string[] architectures)
    {
        var images = new List<StoredImage>();
        foreach (var architecture in architectures.Length > 0 ? architectures : ["amd64", "arm64"])
        {
            var name = Run.WithTag($"{version}-{architecture}");
            await _store.WriteImageAsync(
                new ImageWriteRequest
                {
                    Tags = [name],
                    Layers = [await LayerAsync("etc/run-image-version", $"{version} {architecture}\n")],
                    Config = Config(architecture, new Dictionary<string, string> { ["io.buildpacks.base.description"] = version }),
                },
                default);
            images.Add((await _store.TryReadImageAsync(name, ImagePlatform.Parse($"linux/{architecture}"), default))!);
        }

        await _store.WriteIndexAsync(new IndexWriteRequest { Tags = [Run], Images = images }, default);
        return images;
    }

    /// <summary>The app on run image v1, as the index a multi-platform publish writes.</summary>
    private async Task WriteAppAsync(IReadOnlyList<StoredImage> runImages)
    {
        var images = new List<StoredImage>();
        foreach (var run in runImages)
        {
            var rid = run.Config.Architecture == "amd64" ? "linux-x64" : "linux-arm64";
            var metadata = $"{{\"runImage\":{{\"topLayer\":\"{run.Layers[^1].DiffId}\",\"reference\":\"{Run.WithDigest(run.Digest)}\",\"image\":\"example.com/base/run\"}}}}";
            var name = App.WithTag($"1.0-{rid}");
            await _store.WriteImageAsync(
                new ImageWriteRequest
                {
                    Tags = [name],
                    Layers = [.. run.Layers.Select(l => LayerToWrite.From(run, l)), await LayerAsync("workspace/app.dll", $"app for {rid}")],
                    Config = Config(run.Config.Architecture, new Dictionary<string, string> { ["io.buildpacks.lifecycle.metadata"] = metadata }),
                },
                default);
            images.Add((await _store.TryReadImageAsync(name, run.Config.Platform, default))!);
        }

        await _store.WriteIndexAsync(new IndexWriteRequest { Tags = [App], Images = images }, default);
    }

    private async Task<RebaseOutcome> RebaseAsync(bool dryRun = false)
    {
        using var stores = new RebaseStores();
        var outcomes = await new RebaseService(stores, new NullLog()).RebaseAsync(
            [new RebaseImageRequest { Image = $"oci:{_store.Root}:1.0" }],
            new RebaseOptions { RunImage = $"oci:{_store.Root}:latest", DryRun = dryRun },
            default);
        return Assert.Single(outcomes);
    }

    [Fact]
    public async Task Every_platform_is_rebased_onto_the_run_image_of_its_platform_and_a_new_index_written()
    {
        await WriteAppAsync(await WriteRunImageAsync("v1"));
        var oldIndex = (await _store.TryReadIndexAsync(App, default))!;
        var v2 = await WriteRunImageAsync("v2");

        var outcome = await RebaseAsync();

        Assert.Null(outcome.Error);
        var index = (await _store.TryReadIndexAsync(App, default))!;
        Assert.Equal(outcome.Index!.NewIndexDigest, index.Descriptor.Digest);
        Assert.Equal(oldIndex.Descriptor.Digest, outcome.Index.OldIndexDigest);
        Assert.Equal(["linux/amd64", "linux/arm64"], index.PlatformManifests.Select(m => m.Platform!.ToString()));
        foreach (var (run, entry) in v2.Zip(index.PlatformManifests))
        {
            var image = await index.ReadImageAsync(entry, default);
            Assert.Equal(run.Layers[0].Blob.Digest, image.Layers[0].Blob.Digest);
            Assert.Equal(run.Config.Architecture, image.Config.Architecture);
        }

        Assert.Equal(index.PlatformManifests[1].Digest, (await _store.TryReadImageAsync(App.WithTag("1.0-linux-arm64"), Arm64, default))!.Digest);
        Assert.Equal("BP5093", outcome.Report!.Code);

        // Every layer was in the layout already: each platform's write copied its new config and manifest, no layer.
        foreach (var platform in outcome.Index.Platforms)
        {
            var rebased = (await _store.TryReadImageAsync(platform.Name, platform.Platform, default))!;
            Assert.Equal(2, platform.Result.Write!.Statistics.BlobsCopied);
            Assert.Equal(rebased.ConfigBytes.Length + rebased.ManifestBytes.Length, platform.Result.Write.Statistics.BytesCopied);
        }

        Assert.Equal(4, outcome.Index.Copied.BlobsCopied);
    }

    [Fact]
    public async Task A_dry_run_reports_every_platform_and_writes_nothing()
    {
        await WriteAppAsync(await WriteRunImageAsync("v1"));
        await WriteRunImageAsync("v2");
        var before = await File.ReadAllTextAsync(Path.Combine(_store.Root, "index.json"));

        var outcome = await RebaseAsync(dryRun: true);

        Assert.Null(outcome.Error);
        Assert.Equal("BP5094", outcome.Report!.Code);
        Assert.Equal(2, outcome.Index!.Platforms.Count);
        Assert.Null(outcome.Index.NewIndexDigest);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_store.Root, "index.json")));
    }

    [Fact]
    public async Task A_platform_the_new_run_image_lacks_stops_the_rebase_before_any_platform_is_written()
    {
        // The second platform fails: the first platform's <tag>-<rid> must not have moved under the old index.
        await WriteAppAsync(await WriteRunImageAsync("v1"));
        await WriteRunImageAsync("v2", "amd64");
        var before = await File.ReadAllTextAsync(Path.Combine(_store.Root, "index.json"));

        var outcome = await RebaseAsync();

        Assert.NotNull(outcome.Error);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_store.Root, "index.json")));
    }

    private sealed class NullLog : ILifecycleLog
    {
        public void Write(LifecycleLogLevel level, string message)
        {
        }

        public void BuildpackOutput(BuildpackOutputLine line)
        {
        }
    }
}
