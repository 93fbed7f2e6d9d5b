using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>
/// The exporter's diff ID cache: a layer whose files keep their sizes and times is not hashed again at the next export,
/// a changed file always gives the layer's new diff ID, and a record that proves wrong when the layer is written is
/// dropped, so the export after it is right again.
/// </summary>
public sealed class LayerDiffIdCacheTests : IDisposable
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);
    private readonly LifecycleWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string CachePath => Path.Combine(_ws.Root, "diff-ids.json");

    private string Scratch => Directory.CreateDirectory(Path.Combine(_ws.Root, "scratch")).FullName;

    private string SettledFile(string content)
    {
        var path = Path.Combine(_ws.AppDir, "runtime.so");
        _ws.WriteFile(path, content);
        File.SetLastWriteTimeUtc(path, LongAgo);
        return path;
    }

    // One export's hashing of the app dir as a deferred layer, with the cache kept at CachePath.
    private async Task<ExportedLayer> ExportAsync()
    {
        var cache = LayerDiffIdCache.Load(CachePath);
        var layer = await new ExportLayerFactory(Scratch, 1000, 1000, deferBlobs: true, diffIds: cache)
            .DirectoryLayerAsync("slice-1", "Application Slice: 1", _ws.AppDir, PathMapping.Identity(_ws.AppDir), CancellationToken.None);
        cache.Save();
        return layer;
    }

    private async Task<ExportedLayer> UncachedAsync() =>
        await new ExportLayerFactory(Scratch, 1000, 1000, deferBlobs: true)
            .DirectoryLayerAsync("slice-1", "Application Slice: 1", _ws.AppDir, PathMapping.Identity(_ws.AppDir), CancellationToken.None);

    [Fact]
    public async Task Unchanged_settled_files_take_the_recorded_diff_id_without_being_read()
    {
        var file = SettledFile("runtime bytes");
        var first = await ExportAsync();

        // Same size, same time, other bytes: only a read would notice, and the record is taken instead.
        File.WriteAllText(file, "RUNTIME BYTES");
        File.SetLastWriteTimeUtc(file, LongAgo);
        var second = await ExportAsync();

        Assert.Equal(first.DiffId, second.DiffId);
        Assert.NotEqual(first.DiffId, (await UncachedAsync()).DiffId);
    }

    [Fact]
    public async Task A_changed_file_gives_the_layer_its_new_diff_id()
    {
        var file = SettledFile("runtime bytes");
        await ExportAsync();

        File.WriteAllText(file, "runtime bytes, patched");
        File.SetLastWriteTimeUtc(file, LongAgo.AddMinutes(1));
        var changed = await ExportAsync();

        Assert.Equal((await UncachedAsync()).DiffId, changed.DiffId);
    }

    [Fact]
    public async Task A_record_proved_wrong_by_the_written_layer_is_dropped()
    {
        var file = SettledFile("runtime bytes");
        await ExportAsync();
        File.WriteAllText(file, "RUNTIME BYTES");
        File.SetLastWriteTimeUtc(file, LongAgo);

        var cache = LayerDiffIdCache.Load(CachePath);
        var stale = await new ExportLayerFactory(Scratch, 1000, 1000, deferBlobs: true, diffIds: cache)
            .DirectoryLayerAsync("slice-1", "Application Slice: 1", _ws.AppDir, PathMapping.Identity(_ws.AppDir), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => stale.WriteAsync(CancellationToken.None));
        cache.Save();

        Assert.Equal((await UncachedAsync()).DiffId, (await ExportAsync()).DiffId);
    }

    [Fact]
    public async Task Files_written_just_now_are_hashed_and_not_recorded()
    {
        _ws.WriteFile(Path.Combine(_ws.AppDir, "app.dll"), "just compiled");

        var layer = await ExportAsync();

        Assert.Equal((await UncachedAsync()).DiffId, layer.DiffId);
        Assert.Equal("{}", File.ReadAllText(CachePath));
    }
}
