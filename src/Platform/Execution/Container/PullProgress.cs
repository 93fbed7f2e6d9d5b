using System.Globalization;
using Buildpacks.Images.Engine;
using Buildpacks.Images.References;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// A pull's progress as the build log shows it: the daemon reports each layer's bytes many times a second, which would
/// flood a log; here they are summed over the layers and said at most every <see cref="Interval"/> as
/// "Pulling image: 12.3 of 45.6 MB", then once when the pull ends. Layers the daemon already has count as done.
/// Synchronous, unlike <see cref="Progress{T}"/>: no line arrives after the pull has returned.
/// </summary>
internal sealed class PullProgress(IBuildLog log, ImageReference image, Func<DateTimeOffset>? clock = null) : IProgress<ImagePullProgress>
{
    /// <summary>How often a line is logged at most while bytes arrive.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly Dictionary<string, (long Done, long Total)> _layers = new(StringComparer.Ordinal);
    private readonly Func<DateTimeOffset> _clock = clock ?? (() => DateTimeOffset.UtcNow);
    private DateTimeOffset? _lastLine;

    /// <inheritdoc />
    public void Report(ImagePullProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.LayerId is not { } layer)
        {
            return;
        }

        lock (_gate)
        {
            var known = _layers.GetValueOrDefault(layer);
            _layers[layer] = value.Status switch
            {
                "Downloading" when value.Total is > 0 => (value.Current ?? known.Done, value.Total.Value),
                "Download complete" or "Pull complete" or "Already exists" => (known.Total, known.Total),
                _ => known,
            };

            var now = _clock();
            if (value.Status == "Downloading" && (_lastLine is null || now - _lastLine >= Interval))
            {
                _lastLine = now;
                log.Progress($"Pulling {image}: {Amount()}");
            }
        }
    }

    /// <summary>Logs the pull's end with what it moved.</summary>
    public void Finished()
    {
        lock (_gate)
        {
            log.Progress(_layers.Values.Sum(l => l.Total) > 0 ? $"Pulled {image} ({Amount()})" : $"Pulled {image}");
        }
    }

    private string Amount() =>
        string.Create(CultureInfo.InvariantCulture, $"{Megabytes(_layers.Values.Sum(l => l.Done))} of {Megabytes(_layers.Values.Sum(l => l.Total))} MB");

    private static string Megabytes(long bytes) => (bytes / 1_000_000.0).ToString("0.0", CultureInfo.InvariantCulture);
}
