using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Phases;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Tests.Support;
using Xunit;

namespace Buildpacks.Lifecycle.Tests.Export;

/// <summary>
/// Which previous image the exporter reads, from analyzed.toml. A daemon previous image is recorded by its image ID,
/// which is no name the daemon store can read: the exporter must read it by name, or a rebuild into the daemon reuses
/// nothing (and fails when a buildpack asks to keep a launch layer of the previous image).
/// </summary>
public sealed class AnalyzedPreviousImageTests : IDisposable
{
    private const string ImageId = "sha256:3d0475ee4cbc36da3d0b13a92f4361ba919b465eec2f8409f7443057b6e3be81";
    private static readonly ImageReference App = ImageReference.Parse("127.0.0.1:5000/team/app:1");
    private static readonly ImageReference Run = ImageReference.Parse("127.0.0.1:5000/base/run:bookworm");

    private readonly LifecycleWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void A_daemon_image_id_is_read_by_the_output_image_name()
    {
        var options = Apply(Options(), ImageId);

        Assert.Equal(App, options.PreviousImage);
    }

    [Fact]
    public void A_daemon_image_id_is_read_by_the_previous_image_name_when_one_was_given()
    {
        var previous = ImageReference.Parse("127.0.0.1:5000/team/app:0");

        var options = Apply(Options() with { PreviousImage = previous }, ImageId);

        Assert.Equal(previous, options.PreviousImage);
    }

    [Fact]
    public void A_registry_digest_reference_is_read_as_recorded()
    {
        var recorded = $"127.0.0.1:5000/team/app@sha256:{new string('a', 64)}";

        var options = Apply(Options() with { PreviousImage = ImageReference.Parse("127.0.0.1:5000/team/app:0") }, recorded);

        Assert.Equal(ImageReference.Parse(recorded), options.PreviousImage);
    }

    [Fact]
    public void No_recorded_previous_image_means_none()
    {
        Assert.Null(Apply(Options(), previous: null).PreviousImage);
    }

    private LifecycleInputs Options() =>
        ExportTestKit.Options(_ws, new OciLayoutImageStore(Path.Combine(_ws.Root, "oci")), App, Run);

    private static AnalyzedExportInputs Apply(LifecycleInputs inputs, string? previous) =>
        AnalyzedExportInputs.From(
            inputs,
            new Analysis { PreviousImageReference = previous, RunImage = new AnalyzedRunImage { Reference = Run.ToString(), Image = Run.ToString() } },
            []);
}
