using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Rebase;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Rebase;

/// <summary>The rebaser's checks and results, with images in an OCI layout (notes §4).</summary>
public sealed class RebaserTests : IDisposable
{
    private static readonly ImageReference App = ImageReference.Parse("example.com/team/app:1.0");
    private static readonly ImageReference Run = ImageReference.Parse("example.com/base/run:latest");
    private static readonly ImageReference Mirror = ImageReference.Parse("mirror.example.com/base/run:stable");

    private readonly LifecycleWorkspace _ws = new();
    private readonly OciLayoutImageStore _store;

    public RebaserTests()
    {
        _store = new OciLayoutImageStore(Path.Combine(_ws.Root, "oci"));
    }

    public void Dispose() => _ws.Dispose();

    private string IndexJson => File.ReadAllText(Path.Combine(_store.Root, "index.json"));

    /// <summary>Builds the app on run image v1 (recording <see cref="Mirror"/> as a mirror), then makes <see cref="Run"/> v2.</summary>
    private async Task<StoredImage> AppOnV1ThenV2Async(IReadOnlyDictionary<string, string>? v1Labels = null)
    {
        var v1 = await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"), "v1", extraLabels: v1Labels);
        await PrepareBuildAsync(_ws);
        await ExportAsync(_ws, Options(_ws, _store, App, Run.WithDigest(v1.ManifestDigest)), runImageName: Run.ToString(), runImageMirrors: [Mirror.ToString()]);
        var app = await ReadAsync(_store, App);
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"), "v2");
        return app;
    }

    private Task<RebaseResult> RebaseAsync(RebaseRequest request) => new Rebaser(_ws.Log).RebaseAsync(request, CancellationToken.None);

    [Fact]
    public async Task Rebase_puts_the_new_run_image_layers_under_the_original_app_layers()
    {
        var before = await AppOnV1ThenV2Async();
        var v2 = await ReadAsync(_store, Run);

        var result = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App });

        var after = await ReadAsync(_store, App);
        Assert.Equal(result.NewImageDigest, after.Digest);
        Assert.Equal(
            v2.Layers.Select(l => l.Blob.Digest).Concat(before.Layers.Skip(2).Select(l => l.Blob.Digest)),
            after.Layers.Select(l => l.Blob.Digest));
        Assert.Equal(after.Layers.Count, after.Config.History!.Count(h => !h.EmptyLayer));
        Assert.Equal(["busybox", "marker v2"], after.Config.History!.Take(2).Select(h => h.CreatedBy));
        Assert.Equal(before.Config.History!.Skip(2), after.Config.History!.Skip(2));
        Assert.Equal("v2", after.Labels["io.buildpacks.base.description"]);
        var runImage = Label(after, "io.buildpacks.lifecycle.metadata")["runImage"]!;
        Assert.Equal(v2.Layers[^1].DiffId.ToString(), runImage["topLayer"]!.GetValue<string>());
        Assert.Equal(Run.WithDigest(v2.Digest).ToString(), runImage["reference"]!.GetValue<string>());
        Assert.Equal(Run.ToString(), runImage["image"]!.GetValue<string>());
        Assert.Equal(before.Labels["io.buildpacks.build.metadata"], after.Labels["io.buildpacks.build.metadata"]);
        Assert.Equal(before.Config.Config.Entrypoint, after.Config.Config.Entrypoint);
        Assert.Equal(v2.Digest, result.NewRunImageDigest);
        Assert.NotNull(result.OldRunImageDigest);
        Assert.NotEqual(result.OldRunImageDigest, result.NewRunImageDigest);
        Assert.Equal((2, 2, 7), (result.RemovedBaseLayers, result.AddedBaseLayers, result.KeptAppLayers));
    }

    [Fact]
    public async Task Rebasing_twice_gives_the_same_digest()
    {
        await AppOnV1ThenV2Async();

        var first = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, Tags = [App.WithTag("first")] });
        var second = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, Tags = [App.WithTag("second")] });

        Assert.Equal(first.NewImageDigest, second.NewImageDigest);
        Assert.NotEqual(first.OldImageDigest, first.NewImageDigest);
    }

    [Fact]
    public async Task Dry_run_reports_the_digest_a_rebase_would_give_and_writes_nothing()
    {
        var before = await AppOnV1ThenV2Async();
        var index = IndexJson;

        var dryRun = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, DryRun = true });

        Assert.Null(dryRun.Write);
        Assert.Equal(index, IndexJson);
        Assert.Equal(before.Digest, (await ReadAsync(_store, App)).Digest);
        var real = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App });
        Assert.Equal(real.NewImageDigest, dryRun.NewImageDigest);
    }

    [Fact]
    public async Task An_image_labelled_not_rebasable_is_refused_unless_forced()
    {
        await AppOnV1ThenV2Async(new Dictionary<string, string> { ["io.buildpacks.rebasable"] = "false" });
        var index = IndexJson;

        var refusal = await Assert.ThrowsAsync<NotRebasableException>(() => RebaseAsync(new RebaseRequest { Store = _store, AppImage = App }));

        Assert.Equal(72, refusal.ExitCode);
        Assert.Contains("app image is not marked as rebasable; please provide -force to override", refusal.Message);
        Assert.Equal(index, IndexJson);
        var forced = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, Force = true });
        Assert.Equal(["app image is not marked as rebasable"], forced.Warnings);
    }

    [Fact]
    public async Task A_run_image_for_another_architecture_is_refused()
    {
        await AppOnV1ThenV2Async();
        var arm = Run.WithTag("arm64");
        await WriteRunImageAsync(_store, arm, Path.Combine(_ws.Root, "run"), "v2", architecture: "arm64");
        var index = IndexJson;

        var refusal = await Assert.ThrowsAsync<TargetMismatchException>(() => RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, RunImage = arm }));

        Assert.Equal(72, refusal.ExitCode);
        Assert.Contains("unable to satisfy target os/arch constraints", refusal.Message);
        Assert.Contains("\"arch\":\"arm64\"", refusal.Message);
        Assert.Equal(index, IndexJson);
    }

    [Fact]
    public async Task A_run_image_of_another_distro_version_is_refused()
    {
        await AppOnV1ThenV2Async();
        var newer = Run.WithTag("distro-2");
        await WriteRunImageAsync(_store, newer, Path.Combine(_ws.Root, "run"), "v2", extraLabels: new Dictionary<string, string> { ["io.buildpacks.base.distro.version"] = "2.0" });

        var refusal = await Assert.ThrowsAsync<TargetMismatchException>(() => RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, RunImage = newer }));

        Assert.Contains("\"version\":\"2.0\"", refusal.Message);
    }

    [Fact]
    public async Task A_run_image_that_is_neither_the_recorded_one_nor_a_mirror_is_refused_unless_forced()
    {
        await AppOnV1ThenV2Async();
        var other = ImageReference.Parse("example.com/base/other:other");
        await WriteRunImageAsync(_store, other, Path.Combine(_ws.Root, "run"), "other");
        var index = IndexJson;

        var refusal = await Assert.ThrowsAsync<RunImageNotInMetadataException>(() => RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, RunImage = other }));

        Assert.Equal(72, refusal.ExitCode);
        Assert.Contains("new base image 'example.com/base/other:other' not found in existing run image metadata", refusal.Message);
        Assert.Equal(index, IndexJson);
        var forced = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, RunImage = other, Force = true });
        Assert.Equal("example.com/base/other:other", forced.Metadata.RunImage!.Image);
        Assert.Empty(forced.Metadata.RunImage.Mirrors!);
        Assert.Equal("example.com/base/other:other", forced.Metadata.Stack!.RunImage.Image);
    }

    [Fact]
    public async Task A_recorded_mirror_is_accepted_as_the_new_run_image()
    {
        await AppOnV1ThenV2Async();
        await WriteRunImageAsync(_store, Mirror, Path.Combine(_ws.Root, "run"), "v3");

        var result = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, RunImage = Mirror });

        Assert.Empty(result.Warnings);
        Assert.Equal("v3", (await ReadAsync(_store, App)).Labels["io.buildpacks.base.description"]);
    }

    [Fact]
    public async Task A_run_image_named_only_in_the_deprecated_stack_record_is_accepted_as_the_reference_rebaser_accepts_it()
    {
        // lifecycle phase/rebaser.go containsName: runImage's names, then stack.runImage's.
        var app = await AppOnV1ThenV2Async();
        var legacy = ImageReference.Parse("legacy.example.com/base/run:old");
        var label = System.Text.Json.Nodes.JsonNode.Parse(app.Labels["io.buildpacks.lifecycle.metadata"])!;
        label["stack"] = new System.Text.Json.Nodes.JsonObject { ["runImage"] = new System.Text.Json.Nodes.JsonObject { ["image"] = legacy.ToString() } };
        var labels = new Dictionary<string, string>(app.Labels) { ["io.buildpacks.lifecycle.metadata"] = label.ToJsonString() };
        await _store.WriteImageAsync(
            new ImageWriteRequest
            {
                Tags = [App],
                Layers = app.Layers.Select(l => LayerToWrite.From(app, l)).ToList(),
                Config = app.Config with { Config = app.Config.Config with { Labels = labels } },
            },
            CancellationToken.None);
        await WriteRunImageAsync(_store, legacy, Path.Combine(_ws.Root, "run"), "v3");

        var result = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App, RunImage = legacy });

        Assert.Empty(result.Warnings);
        Assert.Equal("v3", (await ReadAsync(_store, App)).Labels["io.buildpacks.base.description"]);
    }

    [Fact]
    public async Task The_recorded_run_image_on_the_app_image_registry_is_preferred_over_other_mirrors()
    {
        await AppOnV1ThenV2Async();
        await WriteRunImageAsync(_store, Mirror, Path.Combine(_ws.Root, "run"), "mirror");

        var result = await RebaseAsync(new RebaseRequest { Store = _store, AppImage = App });

        Assert.Equal(Run.Name, result.NewRunImage.Name);
        Assert.Equal("v2", (await ReadAsync(_store, App)).Labels["io.buildpacks.base.description"]);
    }

    [Fact]
    public async Task An_image_without_lifecycle_metadata_is_refused()
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));

        var refusal = await Assert.ThrowsAsync<MissingRebaseMetadataException>(() => RebaseAsync(new RebaseRequest { Store = _store, AppImage = Run }));

        Assert.Equal(72, refusal.ExitCode);
        Assert.Contains("io.buildpacks.lifecycle.metadata", refusal.Message);
    }

    [Fact]
    public async Task A_missing_app_image_is_refused()
    {
        var refusal = await Assert.ThrowsAsync<AppImageNotFoundException>(() => RebaseAsync(new RebaseRequest { Store = _store, AppImage = App }));

        Assert.Equal(72, refusal.ExitCode);
    }
}
