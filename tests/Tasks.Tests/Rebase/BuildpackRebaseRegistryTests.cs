using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Rebase;
using static Buildpacks.MSBuild.Tasks.Tests.Rebase.RebaseTestKit;

namespace Buildpacks.MSBuild.Tasks.Tests.Rebase;

/// <summary>Rebasing an app image built by the sample builder in the loopback registry.</summary>
[Collection(RebaseCollection.Name)]
public sealed class BuildpackRebaseRegistryTests(RebaseFixture fixture)
{
    [Fact]
    public async Task Rebase_onto_bookworm_v2_puts_v2_layers_under_the_app_layers_and_the_app_still_answers()
    {
        var app = await fixture.CopyAppAsync("onto-v2");
        var before = await fixture.ReadAsync(app);
        Assert.Equal(Blobs(fixture.V1.Layers), Blobs(before.Layers.Take(fixture.V1.Layers.Count)));

        var (succeeded, engine, task) = Run(t =>
        {
            t.BuildpackImage = app.ToString();
            t.BuildpackRunImage = RebaseFixture.RunV2.ToString();
            t.BuildpackRebaseForce = true;
        });

        Assert.True(succeeded, string.Join("\n", engine.Errors.Select(e => $"{e.Code}: {e.Message}")));
        var after = await fixture.ReadAsync(app);
        Assert.Equal(after.Digest.ToString(), task.BuildpackImageDigest);
        Assert.Equal(
            Blobs(fixture.V2.Layers).Concat(Blobs(before.Layers.Skip(fixture.V1.Layers.Count))),
            Blobs(after.Layers));
        Assert.Equal(after.Layers.Select(l => l.DiffId), after.Config.RootFs.DiffIds);
        var report = Assert.Single(Reports(engine));
        Assert.Equal($"BP5090: {app}: {fixture.V1.Digest} → {fixture.V2.Digest}; image {after.Digest} written as {app} (registry)", report);
        var item = Assert.Single(task.RebasedImages);
        Assert.Equal((after.Digest.ToString(), before.Digest.ToString(), fixture.V2.Digest.ToString()), (item.GetMetadata("Digest"), item.GetMetadata("PreviousDigest"), item.GetMetadata("RunImageDigest")));

        var pinned = app.WithDigest(after.Digest).ToString();
        try
        {
            Assert.Equal("v2", await RunImageMarkerAsync(pinned));
            Assert.Equal(RebaseFixture.Greeting, await AppAnswerAsync(pinned));
        }
        finally
        {
            await RunDocker(["image", "rm", "--force", pinned]);
        }
    }

    [Fact]
    public async Task The_default_run_image_is_the_recorded_one_at_its_newest_digest_and_no_layer_blob_moves()
    {
        var app = await fixture.CopyAppAsync("default");
        using var stores = new RebaseStores();
        var statistics = stores.Registry.Statistics;

        var outcome = Assert.Single(await new RebaseService(stores, new NullLog()).RebaseAsync(
            [new RebaseImageRequest { Image = app.ToString() }], new RebaseOptions(), CancellationToken.None));

        Assert.Null(outcome.Error);
        var result = outcome.Result!;
        Assert.Equal(fixture.V2.Digest, result.NewRunImageDigest);
        Assert.Equal(fixture.RunStable.WithDigest(fixture.V2.Digest), result.NewRunImage);
        Assert.Empty(outcome.Warnings);
        Assert.Equal(fixture.RunStable.ToString(), result.Metadata.RunImage!.Image);
        Assert.Equal([fixture.RunMirror.ToString()], result.Metadata.RunImage.Mirrors);

        // Read: the app's manifest and config, the run image's manifest and config. Written: one config and one
        // manifest; v2's layers are mounted from their repository, the app's are already there.
        var write = result.Write!.Statistics;
        Assert.Equal((1, fixture.V2.Layers.Count(l => !fixture.V1.Layers.Any(o => o.Blob.Digest == l.Blob.Digest))), (write.BlobsCopied, write.BlobsMounted));
        Assert.Equal(1, statistics.BlobsUploaded);
        Assert.Equal(write.BytesCopied, statistics.BytesUploaded);
        Assert.True(write.BytesCopied < 64 * 1024, $"{write.BytesCopied} bytes uploaded");
        Assert.Equal(fixture.AppImage.Manifest.Config.Size + fixture.V2.Manifest.Config.Size, statistics.BytesDownloaded);
        Assert.Equal(result.NewImageDigest, await fixture.DigestOfAsync(app));
    }

    [Fact]
    public async Task A_mirror_the_app_records_is_accepted_without_force()
    {
        var app = await fixture.CopyAppAsync("mirror");

        var (succeeded, engine, task) = Run(t =>
        {
            t.BuildpackImage = app.ToString();
            t.BuildpackRunImage = fixture.RunMirror.ToString();
        });

        Assert.True(succeeded, string.Join("\n", engine.Errors.Select(e => $"{e.Code}: {e.Message}")));
        var item = Assert.Single(task.RebasedImages);
        Assert.Equal(fixture.V1.Digest.ToString(), item.GetMetadata("RunImageDigest"));
        Assert.Equal(fixture.RunMirror.WithDigest(fixture.V1.Digest).ToString(), item.GetMetadata("RunImage"));

        // The mirror holds v1, the app's own base: the layers stay as they were, only the recorded reference changes.
        var after = await fixture.ReadAsync(app);
        Assert.Equal(task.BuildpackImageDigest, after.Digest.ToString());
        Assert.Equal(Blobs(fixture.AppImage.Layers), Blobs(after.Layers));
    }

    [Fact]
    public async Task Rebasing_twice_gives_the_same_digest()
    {
        var app = await fixture.CopyAppAsync("twice");

        var first = Run(t => t.BuildpackImage = app.ToString());
        var second = Run(t => t.BuildpackImage = app.ToString());

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.NotEqual(fixture.AppImage.Digest.ToString(), first.Task.BuildpackImageDigest);
        Assert.Equal(first.Task.BuildpackImageDigest, second.Task.BuildpackImageDigest);
        Assert.Equal(first.Task.BuildpackImageDigest, Assert.Single(second.Task.RebasedImages).GetMetadata("PreviousDigest"));
    }

    [Fact]
    public async Task Twenty_images_in_one_call_give_twenty_digests_each_written_under_its_tag()
    {
        var apps = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => fixture.CopyAppAsync($"many{i}")));

        var (succeeded, engine, task) = Run(t =>
        {
            t.Images = apps.Select(a =>
            {
                var item = new Microsoft.Build.Utilities.TaskItem(a.ToString());
                item.SetMetadata("Tag", "patched");
                return (Microsoft.Build.Framework.ITaskItem)item;
            }).ToArray();
            t.BuildpackRebaseParallelism = "8";
        });

        Assert.True(succeeded, string.Join("\n", engine.Errors.Select(e => $"{e.Code}: {e.Message}")));
        Assert.Equal(20, task.RebasedImages.Length);
        Assert.Equal(20, Reports(engine).Count(r => r.StartsWith("BP5090: ", StringComparison.Ordinal)));
        Assert.Equal(apps.Select(a => a.ToString()), task.RebasedImages.Select(i => i.ItemSpec));
        Assert.Empty(task.BuildpackImageDigest);
        foreach (var (app, item) in apps.Zip(task.RebasedImages))
        {
            Assert.Equal(item.GetMetadata("Digest"), (await fixture.DigestOfAsync(app.WithTag("patched")))?.ToString());
            Assert.Equal(fixture.AppImage.Digest, await fixture.DigestOfAsync(app));
        }
    }

    [Fact]
    public async Task A_dry_run_reports_the_digest_a_rebase_gives_and_writes_nothing()
    {
        var app = await fixture.CopyAppAsync("dry-run");

        var dry = Run(t =>
        {
            t.BuildpackImage = app.ToString();
            t.BuildpackRebaseTag = "patched";
            t.BuildpackRebaseDryRun = true;
        });

        Assert.True(dry.Succeeded);
        Assert.StartsWith($"BP5091: {app}: {fixture.V1.Digest} → {fixture.V2.Digest}; image would be {dry.Task.BuildpackImageDigest}", Assert.Single(Reports(dry.Engine)), StringComparison.Ordinal);
        Assert.Null(await fixture.DigestOfAsync(app.WithTag("patched")));
        Assert.Equal(fixture.AppImage.Digest, await fixture.DigestOfAsync(app));

        var real = Run(t =>
        {
            t.BuildpackImage = app.ToString();
            t.BuildpackRebaseTag = "patched";
        });

        Assert.True(real.Succeeded);
        Assert.Equal(dry.Task.BuildpackImageDigest, real.Task.BuildpackImageDigest);
        Assert.Equal(real.Task.BuildpackImageDigest, (await fixture.DigestOfAsync(app.WithTag("patched")))?.ToString());
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
