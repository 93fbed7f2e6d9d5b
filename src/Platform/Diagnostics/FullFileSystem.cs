using System.Globalization;
using System.Text.RegularExpressions;

namespace Buildpacks.Platform.Diagnostics;

/// <summary>
/// A write that failed for want of space (ENOSPC, or EDQUOT: a quota), found anywhere in a failure's chain of causes,
/// whatever step wrapped it in its own message: the one cause worth telling the user first, with where it happened and
/// how much room that file system has. .NET on Unix reports such an I/O error as an <see cref="IOException"/> whose
/// HResult is the errno, and names the file in its message.
/// </summary>
/// <param name="Path">The file or directory the write failed in.</param>
/// <param name="Free">Bytes free on its file system for this user, or null when it cannot be read.</param>
/// <param name="Size">The file system's size in bytes, or null.</param>
/// <param name="Error">The I/O error's own message.</param>
/// <param name="Needed">The least the failed step needed in bytes, when it said (<see cref="NeededKey"/>).</param>
public sealed partial record FullFileSystem(string Path, long? Free, long? Size, string Error, long? Needed)
{
    /// <summary>
    /// The key of <see cref="Exception.Data"/> under which a step that knows how much it was writing (a builder's layers)
    /// records it, as a <see cref="long"/> of bytes, on the exception it lets through or wraps.
    /// </summary>
    public const string NeededKey = "Buildpacks.NeededBytes";

    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;

    /// <summary>The full file system behind <paramref name="exception"/>, or null when no cause of it is one.</summary>
    public static FullFileSystem? In(Exception exception)
    {
        long? needed = null;
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            needed ??= cause.Data[NeededKey] as long?;
        }

        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(In).FirstOrDefault(f => f is not null) is { } inner ? inner with { Needed = inner.Needed ?? needed } : null;
            }

            if (cause is IOException { HResult: NoSpace or QuotaExceeded } full && QuotedPath().Match(full.Message) is { Success: true } quoted)
            {
                var path = quoted.Groups[1].Value;
                var (free, size) = Room(path);
                return new FullFileSystem(path, free, size, full.Message, needed);
            }
        }

        return null;
    }

    /// <summary>A size as people read it: <c>3.2 MB</c>.</summary>
    public static string Readable(long? bytes) => bytes switch
    {
        null => "unknown",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.#} GB"),
    };

    // The nearest directory of the path that still exists (the failed file may be gone) holds the file system's figures.
    private static (long? Free, long? Size) Room(string path)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(path);
            while (directory is not null && !Directory.Exists(directory))
            {
                directory = System.IO.Path.GetDirectoryName(directory);
            }

            if (directory is null)
            {
                return (null, null);
            }

            var drive = new DriveInfo(directory);
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (null, null);
        }
    }

    [GeneratedRegex("'(/[^']*)'")]
    private static partial Regex QuotedPath();
}
