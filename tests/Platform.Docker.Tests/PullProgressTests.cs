using Buildpacks.Images.Engine;
using Buildpacks.Images.References;
using Buildpacks.Platform.Docker.Tests.Support;

namespace Buildpacks.Platform.Docker.Tests;

/// <summary>A pull's byte counts, many a second per layer, become one line every few seconds over all layers, and one at the end.</summary>
public sealed class PullProgressTests
{
    [Fact]
    public void Bytes_of_all_layers_are_summed_and_said_at_most_every_interval_then_once_at_the_end()
    {
        var log = new RecordingBuildLog();
        var now = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var progress = new PullProgress(log, ImageReference.Parse("registry.example.com/builder:1"), () => now);

        progress.Report(new ImagePullProgress("a", "Already exists", null, null));
        progress.Report(new ImagePullProgress("b", "Downloading", 1_000_000, 10_000_000));
        progress.Report(new ImagePullProgress("c", "Downloading", 500_000, 5_000_000));
        now += TimeSpan.FromSeconds(1);
        progress.Report(new ImagePullProgress("b", "Downloading", 4_000_000, 10_000_000));
        now += PullProgress.Interval;
        progress.Report(new ImagePullProgress("b", "Downloading", 9_000_000, 10_000_000));
        progress.Report(new ImagePullProgress("b", "Download complete", null, null));
        progress.Report(new ImagePullProgress("c", "Pull complete", null, null));
        progress.Finished();

        Assert.Equal(
            [
                "Pulling registry.example.com/builder:1: 1.0 of 10.0 MB",
                "Pulling registry.example.com/builder:1: 9.5 of 15.0 MB",
                "Pulled registry.example.com/builder:1 (15.0 of 15.0 MB)",
            ],
            log.Lines);
    }
}
