using Buildpacks.Images.Layers;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>
/// App slices (Buildpack API, "Slice Layers"): absolute paths within the app dir, warnings for slices that match
/// nothing, and unchanged slices taken from the previous image without being compressed again.
/// </summary>
public sealed class ExporterSliceTests : IDisposable
{
    private static readonly ImageReference App = ImageReference.Parse("example.com/team/app:1.0");
    private static readonly ImageReference Run = ImageReference.Parse("example.com/base/run:latest");

    private readonly LifecycleWorkspace _ws = new();
    private readonly OciLayoutImageStore _store;

    public ExporterSliceTests()
    {
        _store = new OciLayoutImageStore(Path.Combine(_ws.Root, "oci"));
    }

    public void Dispose() => _ws.Dispose();

    private async Task BuildWithSlicesAsync(params string[][] slices)
    {
        var toml = string.Concat(slices.Select(paths => $"[[slices]]\\npaths = [{string.Join(", ", paths.Select(p => $"\"{p}\""))}]\\n"));
        _ws.AddBuildpack("test/slicer", build: $"printf '{toml}' > \"$1/launch.toml\"");
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        AddFixtureBuildpack(_ws);
        _ws.WriteOrder([("test/runtime", "1.0.0", false), ("test/slicer", "1.0.0", false)]);
        _ws.WriteFile(Path.Combine(_ws.AppDir, "app.txt"), "the app");
        _ws.WriteFile(Path.Combine(_ws.AppDir, "static", "index.html"), "<h1>hi</h1>");
        _ws.WriteFile(Path.Combine(_ws.AppDir, "runtime", "core.so"), "runtime bytes");
        await _ws.DetectAndBuildAsync();
    }

    private async Task<IReadOnlyList<IReadOnlyList<string>>> SliceEntriesAsync(int count)
    {
        var image = await ReadAsync(_store, App);
        var first = image.Config.History!.Select(h => h.CreatedBy).ToList().IndexOf("Application Slice: 1");
        var slices = new List<IReadOnlyList<string>>();
        for (var i = 0; i < count; i++)
        {
            slices.Add([.. (await EntriesAsync(image, image.Layers[first + i])).Select(e => e.Name)]);
        }

        return slices;
    }

    [Fact]
    public async Task An_absolute_slice_path_within_the_app_dir_slices_as_the_relative_one_does()
    {
        await BuildWithSlicesAsync([$"{_ws.AppDir}/static/*"], ["/workspace/runtime"]);

        await ExportAsync(_ws, Options(_ws, _store, App, Run) with { ImageAppDir = "/workspace" });

        var slices = await SliceEntriesAsync(3);
        Assert.Equal(["/workspace", "/workspace/static", "/workspace/static/index.html"], slices[0]);
        Assert.Equal(["/workspace", "/workspace/runtime", "/workspace/runtime/core.so"], slices[1]);
        Assert.Equal(["/workspace", "/workspace/app.txt"], slices[2]);
        Assert.DoesNotContain(_ws.Log.Messages, m => m.Level == LifecycleLogLevel.Warn);
    }

    [Fact]
    public async Task A_slice_path_outside_the_app_dir_matches_nothing_and_an_empty_slice_is_an_empty_layer_with_a_warning()
    {
        await BuildWithSlicesAsync(["/etc/*", "../layers/*"], ["static"]);

        await ExportAsync(_ws, Options(_ws, _store, App, Run) with { ImageAppDir = "/workspace" });

        var slices = await SliceEntriesAsync(3);
        Assert.Empty(slices[0]);
        Assert.Equal(["/workspace", "/workspace/static", "/workspace/static/index.html"], slices[1]);
        Assert.Contains(_ws.Log.Messages, m => m == (LifecycleLogLevel.Warn, "Slice path '/etc/*' is outside the app directory /workspace; it matches nothing"));
        Assert.Contains(_ws.Log.Messages, m => m == (LifecycleLogLevel.Warn, "Application Slice: 1 matches no file of the app directory; its layer is empty"));
    }

    [Fact]
    public async Task A_second_export_takes_the_unchanged_slices_from_the_previous_image_and_adds_only_the_changed_layer()
    {
        await BuildWithSlicesAsync(["runtime"], ["static/*"]);
        var first = await ExportAsync(_ws, Options(_ws, _store, App, Run));
        var before = await ReadAsync(_store, App);

        File.WriteAllText(Path.Combine(_ws.AppDir, "app.txt"), "the app, changed");
        await _ws.BuildAsync();
        var second = await ExportAsync(_ws, Options(_ws, _store, App, Run) with { PreviousImage = App });

        Assert.Equal(["slice-1", "slice-2", "slice-3"], first.AddedLayers.Where(id => id.StartsWith("slice-", StringComparison.Ordinal)));
        Assert.Equal(["slice-1", "slice-2"], second.ReusedLayers.Where(id => id.StartsWith("slice-", StringComparison.Ordinal)));
        Assert.Equal(["slice-3"], second.AddedLayers.Where(id => id.StartsWith("slice-", StringComparison.Ordinal)));
        var after = await ReadAsync(_store, App);
        var changed = Enumerable.Range(0, after.Layers.Count).Where(i => before.Layers[i].Blob.Digest != after.Layers[i].Blob.Digest).ToList();
        Assert.Equal("Application Slice: 3", after.Config.History![Assert.Single(changed)].CreatedBy);
    }

    [Fact]
    public async Task A_layer_the_previous_image_has_is_reused_without_its_blob_ever_being_written()
    {
        await BuildWithSlicesAsync(["static"]);
        await ExportAsync(_ws, Options(_ws, _store, App, Run));
        var previous = await ReadAsync(_store, App);
        var slice = previous.Layers[previous.Config.History!.Select(h => h.CreatedBy).ToList().IndexOf("Application Slice: 1")];
        var layers = new AppImageLayers(await ReadAsync(_store, Run), previous, LayerWriteOptions.DefaultModificationTime);
        var unchanged = new ExportedLayer("slice-1", "Application Slice: 1", slice.DiffId, _ => throw new InvalidOperationException("the blob of a reused layer was written"));

        var reused = await layers.AddOrReuseAsync(unchanged, slice.DiffId.ToString(), CancellationToken.None);

        Assert.True(reused);
        Assert.False(unchanged.IsWritten);
        Assert.Equal(slice.Blob.Digest, layers.Layers[^1].Blob.Digest);
    }

    [Fact]
    public async Task A_deferred_layer_has_the_diff_id_of_its_blob_and_is_written_once_when_asked()
    {
        var scratch = Directory.CreateDirectory(Path.Combine(_ws.Root, "scratch")).FullName;
        _ws.WriteFile(Path.Combine(_ws.AppDir, "app.txt"), "the app");
        var eager = await new ExportLayerFactory(scratch, 1000, 1000).DirectoryLayerAsync("app", "Application Layer", _ws.AppDir, PathMapping.Identity(_ws.AppDir), CancellationToken.None);
        var deferred = await new ExportLayerFactory(scratch, 1000, 1000, deferBlobs: true).DirectoryLayerAsync("app", "Application Layer", _ws.AppDir, PathMapping.Identity(_ws.AppDir), CancellationToken.None);

        Assert.True(eager.IsWritten);
        Assert.False(deferred.IsWritten);
        Assert.Equal(eager.DiffId, deferred.DiffId);
        var written = await deferred.WriteAsync(CancellationToken.None);
        Assert.Equal((await eager.WriteAsync(CancellationToken.None)).Blob.Digest, written.Blob.Digest);
        Assert.Same(written, await deferred.WriteAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_deferred_layer_whose_files_changed_before_it_was_written_is_an_error()
    {
        var scratch = Directory.CreateDirectory(Path.Combine(_ws.Root, "scratch")).FullName;
        _ws.WriteFile(Path.Combine(_ws.AppDir, "app.txt"), "the app");
        var deferred = await new ExportLayerFactory(scratch, 1000, 1000, deferBlobs: true).DirectoryLayerAsync("app", "Application Layer", _ws.AppDir, PathMapping.Identity(_ws.AppDir), CancellationToken.None);
        File.WriteAllText(Path.Combine(_ws.AppDir, "app.txt"), "the app, changed");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => deferred.WriteAsync(CancellationToken.None));

        Assert.Contains("the files of layer 'app' changed while it was exported", e.Message, StringComparison.Ordinal);
    }
}
