using System.Globalization;
using Buildpacks.Images.Layers;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The <c>created</c> time of an exported image (Platform API 0.9+, "SOURCE_DATE_EPOCH"; notes §3.4): the Unix time in
/// <c>SOURCE_DATE_EPOCH</c> when it is set and valid, otherwise a constant, so that the same inputs give the same
/// digest. Layer entries always carry the constant, whatever the image's time.
/// </summary>
public static class CreatedTime
{
    /// <summary>1980-01-01T00:00:01Z, the reference lifecycle's constant.</summary>
    public static DateTimeOffset Default => LayerWriteOptions.DefaultModificationTime;

    /// <summary>The time for a <c>SOURCE_DATE_EPOCH</c> value; an invalid one is ignored with a warning, as lc does.</summary>
    public static DateTimeOffset FromSourceDateEpoch(string? value, ILifecycleLog log)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        log.Warn($"Ignoring invalid SOURCE_DATE_EPOCH '{value}': it must be a whole number of seconds since 1970-01-01T00:00:00Z");
        return Default;
    }
}
