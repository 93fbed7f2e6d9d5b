using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Rebase;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;
using static Buildpacks.Lifecycle.Tests.Export.ExportTestKit;

namespace Buildpacks.Lifecycle.Tests.Rebase;

/// <summary>
/// An app image without <c>CNB_PLATFORM_API</c> in its env (exported before Platform API 0.12, or by another tool) is
/// checked by the deprecated stack id and mixins labels instead of its target (lifecycle phase/rebaser.go).
/// </summary>
public sealed class RebaserStackTests : IDisposable
{
    private static readonly ImageReference App = ImageReference.Parse("example.com/team/app:1.0");
    private static readonly ImageReference Legacy = ImageReference.Parse("example.com/team/app:legacy");
    private static readonly ImageReference Run = ImageReference.Parse("example.com/base/run:latest");

    private readonly LifecycleWorkspace _ws = new();
    private readonly OciLayoutImageStore _store;

    public RebaserStackTests()
    {
        _store = new OciLayoutImageStore(Path.Combine(_ws.Root, "oci"));
    }

    public void Dispose() => _ws.Dispose();

    /// <summary>The exported app image, rewritten without CNB_PLATFORM_API and with <paramref name="mixins"/>, as <see cref="Legacy"/>.</summary>
    private async Task LegacyAppAsync(string mixins)
    {
        await WriteRunImageAsync(_store, Run, Path.Combine(_ws.Root, "run"));
        await PrepareBuildAsync(_ws);
        await ExportAsync(_ws, Options(_ws, _store, App, Run));
        var app = await ReadAsync(_store, App);
        var labels = new Dictionary<string, string>(app.Labels) { ["io.buildpacks.stack.mixins"] = mixins };
        await _store.WriteImageAsync(
            new ImageWriteRequest
            {
                Tags = [Legacy],
                Layers = app.Layers.Select(l => LayerToWrite.From(app, l)).ToList(),
                Config = app.Config with
                {
                    Config = app.Config.Config with
                    {
                        Env = app.Config.Config.Env!.Where(e => !e.StartsWith("CNB_PLATFORM_API=", StringComparison.Ordinal)).ToList(),
                        Labels = labels,
                    },
                },
            },
            CancellationToken.None);
    }

    private Task<RebaseResult> RebaseOntoAsync(ImageReference runImage) =>
        new Rebaser(_ws.Log).RebaseAsync(new RebaseRequest { Store = _store, AppImage = Legacy, RunImage = runImage, Force = true }, CancellationToken.None);

    [Fact]
    public async Task A_new_run_image_of_the_same_stack_with_the_mixins_is_accepted_whatever_its_target()
    {
        await LegacyAppAsync("""["build:git","curl"]""");
        var arm = Run.WithTag("arm64");
        await WriteRunImageAsync(_store, arm, Path.Combine(_ws.Root, "run"), "v2", architecture: "arm64",
            extraLabels: new Dictionary<string, string> { ["io.buildpacks.stack.mixins"] = """["curl","run:git"]""" });

        var result = await RebaseOntoAsync(arm);

        Assert.DoesNotContain(result.Warnings, w => w.Contains("target", StringComparison.Ordinal));
        Assert.Equal("arm64", (await ReadAsync(_store, Legacy)).Config.Architecture);
    }

    [Fact]
    public async Task Another_stack_is_refused_even_when_forced()
    {
        await LegacyAppAsync("[]");
        var other = Run.WithTag("other-stack");
        await WriteRunImageAsync(_store, other, Path.Combine(_ws.Root, "run"), "v2",
            extraLabels: new Dictionary<string, string> { ["io.buildpacks.stack.id"] = "io.buildpacks.other" });

        var refusal = await Assert.ThrowsAsync<StackMismatchException>(() => RebaseOntoAsync(other));

        Assert.Equal(72, refusal.ExitCode);
        Assert.Contains("incompatible stack: 'io.buildpacks.other' is not compatible with 'io.buildpacks.test.stack'", refusal.Message);
    }

    [Fact]
    public async Task A_missing_mixin_is_refused()
    {
        await LegacyAppAsync("""["curl","jq"]""");
        var plain = Run.WithTag("plain");
        await WriteRunImageAsync(_store, plain, Path.Combine(_ws.Root, "run"), "v2",
            extraLabels: new Dictionary<string, string> { ["io.buildpacks.stack.mixins"] = """["curl"]""" });

        var refusal = await Assert.ThrowsAsync<StackMismatchException>(() => RebaseOntoAsync(plain));

        Assert.Contains("missing required mixin(s): jq", refusal.Message);
    }
}
