using System.Text.Json.Nodes;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Lifecycle.Tests.Cache;

public sealed class DirectoryCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new("cache-dir");

    private string CacheDir => _temp.Combine("cache");

    public void Dispose() => _temp.Dispose();

    private static CacheMetadata MetadataWith(string sha) => new()
    {
        Buildpacks =
        [
            new BuildpackLayersMetadata
            {
                Key = "example/bp",
                Version = "1.0.0",
                Layers = new Dictionary<string, LayerRecord>
                {
                    ["deps"] = new() { Sha = sha, Cache = true, Data = new JsonObject { ["v"] = "1" } },
                },
            },
        ],
    };

    private async Task<WrittenLayer> LayerAsync(string name, string content, bool compressed = false) =>
        await CacheFixtures.WriteLayerAsync(_temp.Combine(name), "/layers/example_bp/deps", new Dictionary<string, string> { ["file.txt"] = content }, compressed);

    private async Task<DirectoryCache> CommitAsync(WrittenLayer layer, CacheMetadata metadata)
    {
        var cache = DirectoryCache.Open(CacheDir);
        await cache.AddLayerFileAsync(layer.Path, layer.DiffId, CancellationToken.None);
        await cache.SetMetadataAsync(metadata, CancellationToken.None);
        await cache.CommitAsync(CancellationToken.None);
        return cache;
    }

    [Fact]
    public async Task Dropping_an_uncommitted_cache_empties_staging_and_keeps_the_committed_cache()
    {
        var first = await LayerAsync("one.tar", "one");
        (await CommitAsync(first, MetadataWith(first.DiffId.ToString()))).Dispose();
        var second = await LayerAsync("two.tar", "two");

        using (var cache = DirectoryCache.Open(CacheDir))
        {
            await cache.AddLayerFileAsync(second.Path, second.DiffId, CancellationToken.None);
            Assert.True(File.Exists(Path.Combine(CacheDir, "staging", $"sha256:{second.DiffId.Hex}.tar")));
        }

        Assert.False(Directory.Exists(Path.Combine(CacheDir, "staging")));
        Assert.True(File.Exists(Path.Combine(CacheDir, "committed", $"sha256:{first.DiffId.Hex}.tar")));
    }

    [Fact]
    public async Task Commit_stores_layers_as_diff_id_named_tars_and_the_metadata_file_in_committed()
    {
        var layer = await LayerAsync("one.tar", "one");
        await CommitAsync(layer, MetadataWith(layer.DiffId.ToString()));

        var tar = Path.Combine(CacheDir, "committed", $"sha256:{layer.DiffId.Hex}.tar");
        Assert.True(File.Exists(tar));
        Assert.Equal(File.ReadAllBytes(layer.Path), File.ReadAllBytes(tar));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(CacheDir, "committed", "io.buildpacks.lifecycle.cache.metadata")))!;
        Assert.Equal(layer.DiffId.ToString(), (string?)json["buildpacks"]![0]!["layers"]!["deps"]!["sha"]);
        Assert.Equal("example/bp", (string?)json["buildpacks"]![0]!["key"]);
        Assert.False(Directory.Exists(Path.Combine(CacheDir, "staging"))); // renamed to committed
        Assert.False(Directory.Exists(Path.Combine(CacheDir, "committed-backup")));
    }

    [Fact]
    public async Task Reopened_cache_reads_the_committed_metadata_and_layer()
    {
        var layer = await LayerAsync("one.tar", "one");
        await CommitAsync(layer, MetadataWith(layer.DiffId.ToString()));

        var cache = DirectoryCache.Open(CacheDir);
        Assert.True(cache.Exists);
        var metadata = await cache.RetrieveMetadataAsync(CancellationToken.None);
        Assert.Equal(layer.DiffId.ToString(), metadata.ForBuildpack("example/bp")!.Layers["deps"].Sha);
        await using var stream = await cache.RetrieveLayerAsync(layer.DiffId, CancellationToken.None);
        Assert.Equal(layer.DiffId, await Digest.ComputeAsync(stream, CancellationToken.None));
    }

    [Fact]
    public async Task A_gzip_layer_file_is_cached_as_its_plain_tar()
    {
        var layer = await LayerAsync("one.tar.gz", "zipped", compressed: true);
        await CommitAsync(layer, MetadataWith(layer.DiffId.ToString()));

        var cache = DirectoryCache.Open(CacheDir);
        await cache.VerifyLayerAsync(layer.DiffId, CancellationToken.None);
    }

    [Fact]
    public async Task Reuse_hard_links_the_committed_tar_into_staging_and_survives_the_commit()
    {
        var layer = await LayerAsync("one.tar", "one");
        await CommitAsync(layer, MetadataWith(layer.DiffId.ToString()));

        var cache = DirectoryCache.Open(CacheDir);
        await cache.ReuseLayerAsync(layer.DiffId, CancellationToken.None);
        var committed = DirectoryCache.LayerPath(cache.CommittedDirectory, layer.DiffId);
        var staged = DirectoryCache.LayerPath(cache.StagingDirectory, layer.DiffId);

        // One inode: a byte appended through one name shows through the other.
        var before = new FileInfo(staged).Length;
        await File.AppendAllTextAsync(committed, "x");
        Assert.Equal(before + 1, new FileInfo(staged).Length);
        File.WriteAllBytes(committed, File.ReadAllBytes(layer.Path)); // undo, in place

        await cache.SetMetadataAsync(MetadataWith(layer.DiffId.ToString()), CancellationToken.None);
        await cache.CommitAsync(CancellationToken.None);
        await DirectoryCache.Open(CacheDir).VerifyLayerAsync(layer.DiffId, CancellationToken.None);
    }

    [Fact]
    public async Task Layers_neither_added_nor_reused_are_gone_after_the_commit()
    {
        var old = await LayerAsync("old.tar", "old");
        await CommitAsync(old, MetadataWith(old.DiffId.ToString()));
        var fresh = await LayerAsync("new.tar", "new");
        var cache = await CommitAsync(fresh, MetadataWith(fresh.DiffId.ToString()));

        Assert.False(await cache.HasLayerAsync(old.DiffId, CancellationToken.None));
        Assert.True(await cache.HasLayerAsync(fresh.DiffId, CancellationToken.None));
    }

    [Fact]
    public async Task Reusing_a_layer_the_cache_does_not_have_is_a_read_error()
    {
        var layer = await LayerAsync("one.tar", "one");
        var cache = DirectoryCache.Open(CacheDir);
        await Assert.ThrowsAsync<CacheReadException>(() => cache.ReuseLayerAsync(layer.DiffId, CancellationToken.None));
        await Assert.ThrowsAsync<CacheReadException>(() => cache.RetrieveLayerAsync(layer.DiffId, CancellationToken.None));
    }

    [Fact]
    public async Task A_process_killed_between_the_commit_renames_leaves_the_previous_cache_which_open_restores()
    {
        var layer = await LayerAsync("one.tar", "one");
        await CommitAsync(layer, MetadataWith(layer.DiffId.ToString()));

        // The first rename of a commit happened (committed → committed-backup), the second never did.
        var cache = DirectoryCache.Open(CacheDir);
        Directory.Move(cache.CommittedDirectory, cache.BackupDirectory);

        var reopened = DirectoryCache.Open(CacheDir);
        Assert.False(Directory.Exists(reopened.BackupDirectory));
        await reopened.VerifyLayerAsync(layer.DiffId, CancellationToken.None);
        Assert.Equal(layer.DiffId.ToString(), (await reopened.RetrieveMetadataAsync(CancellationToken.None)).ForBuildpack("example/bp")!.Layers["deps"].Sha);
    }

    [Fact]
    public async Task A_failed_second_rename_rolls_the_commit_back()
    {
        var layer = await LayerAsync("one.tar", "one");
        await CommitAsync(layer, MetadataWith(layer.DiffId.ToString()));

        var cache = DirectoryCache.Open(CacheDir);
        await cache.SetMetadataAsync(CacheMetadata.Empty, CancellationToken.None);
        Directory.Delete(cache.StagingDirectory, recursive: true); // staging → committed cannot happen

        await Assert.ThrowsAsync<CacheException>(() => cache.CommitAsync(CancellationToken.None));
        Assert.False(Directory.Exists(cache.BackupDirectory));
        await DirectoryCache.Open(CacheDir).VerifyLayerAsync(layer.DiffId, CancellationToken.None);
    }

    [Fact]
    public async Task A_cache_commits_once()
    {
        var layer = await LayerAsync("one.tar", "one");
        var cache = await CommitAsync(layer, CacheMetadata.Empty);
        await Assert.ThrowsAsync<CacheException>(() => cache.CommitAsync(CancellationToken.None));
        await Assert.ThrowsAsync<CacheException>(() => cache.AddLayerFileAsync(layer.Path, layer.DiffId, CancellationToken.None));
    }

    [Fact]
    public async Task Verify_re_hashes_the_tar_and_reports_a_mismatch_as_a_read_error()
    {
        var layer = await LayerAsync("one.tar", "one");
        var cache = await CommitAsync(layer, CacheMetadata.Empty);
        await File.AppendAllTextAsync(DirectoryCache.LayerPath(cache.CommittedDirectory, layer.DiffId), "tampered");

        var error = await Assert.ThrowsAsync<CacheReadException>(() => DirectoryCache.Open(CacheDir).VerifyLayerAsync(layer.DiffId, CancellationToken.None));
        Assert.Contains($"expected layer contents to have SHA '{layer.DiffId}'", error.Message);
    }

    [Fact]
    public async Task Corrupt_metadata_reads_as_an_empty_cache()
    {
        var cache = DirectoryCache.Open(CacheDir);
        File.WriteAllText(Path.Combine(cache.CommittedDirectory, CacheMetadata.Label), "{not json");
        var metadata = await cache.RetrieveMetadataAsync(CancellationToken.None);
        Assert.Empty(metadata.Buildpacks);
        Assert.Null(metadata.SbomSha);
    }
}
