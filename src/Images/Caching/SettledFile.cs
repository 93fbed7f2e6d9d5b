namespace Buildpacks.Images.Caching;

/// <summary>
/// When a file's size and modification time may stand for its content: when it was last written at least
/// <see cref="Margin"/> before the moment its content was read. A write in the same clock tick as the read could
/// otherwise follow it and leave the time as it was (git's "racily clean" files).
/// </summary>
public static class SettledFile
{
    /// <summary>How long before the read a file must have been written.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    /// <summary>Whether a file written at <paramref name="modifiedUtc"/> was settled when read at <paramref name="readUtc"/>.</summary>
    public static bool WasSettled(DateTime modifiedUtc, DateTime readUtc) => readUtc - modifiedUtc >= Margin;
}
