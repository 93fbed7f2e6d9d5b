using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buildpacks.Platform.Execution.Incremental;

/// <summary>
/// What the last image build of a project made, kept in a small JSON file (e.g. under obj/): the inputs' fingerprint,
/// the tags, where the image went and its digest, an archive's size and time, and the builder and run image as they
/// resolved. A build whose fingerprint matches, whose output is still there as written, and whose builder and run
/// image names still resolve as recorded (<see cref="StampCheck"/>), need not run again.
/// </summary>
public sealed record BuildStamp
{
    /// <summary>The inputs' fingerprint (<see cref="BuildFingerprint.Value"/>).</summary>
    public required string Fingerprint { get; init; }

    /// <summary>The names the image was written under.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Where the image went (<see cref="ImageDestinationKind"/>'s name).</summary>
    public required string Destination { get; init; }

    /// <summary>The layout directory or archive file, for those destinations.</summary>
    public string? DestinationPath { get; init; }

    /// <summary>The image's manifest digest, when its store has one.</summary>
    public string? ManifestDigest { get; init; }

    /// <summary>The image ID (config digest).</summary>
    public required string ImageId { get; init; }

    /// <summary>An archive's size in bytes as written, for an archive destination.</summary>
    public long? ArchiveLength { get; init; }

    /// <summary>An archive's last write time (UTC ticks) as written, for an archive destination.</summary>
    public long? ArchiveWritten { get; init; }

    /// <summary>The builder and run image the build used, as they resolved then.</summary>
    public IReadOnlyList<ResolvedImage> Inputs { get; init; } = [];

    /// <summary>The stamp of a build of <paramref name="request"/> with <paramref name="fingerprint"/> that made <paramref name="result"/>.</summary>
    public static BuildStamp Create(BuildFingerprint fingerprint, BuildRequest request, BuildResult result)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var archive = request.Destination is { Kind: ImageDestinationKind.Archive, Path: { } path } && File.Exists(path) ? new FileInfo(path) : null;
        return new BuildStamp
        {
            Fingerprint = fingerprint.Value,
            Tags = result.Tags,
            Destination = request.Destination.Kind.ToString(),
            DestinationPath = request.Destination.Path,
            ManifestDigest = result.ManifestDigest,
            ImageId = result.ImageId,
            ArchiveLength = archive?.Length,
            ArchiveWritten = archive?.LastWriteTimeUtc.Ticks,
            Inputs = result.Inputs,
        };
    }

    /// <summary>Reads the stamp at <paramref name="path"/>; null when there is none or it cannot be read (then the build runs).</summary>
    public static BuildStamp? TryRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var stamp = JsonSerializer.Deserialize(stream, BuildStampJsonContext.Default.BuildStamp);
            return stamp is { Fingerprint.Length: > 0, Destination.Length: > 0 } && stamp.Tags is not null ? stamp : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the stamp to <paramref name="path"/> (directories created), atomically: a reader sees the old stamp or the new one.</summary>
    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Create(temporary))
            {
                JsonSerializer.Serialize(stream, this, BuildStampJsonContext.Default.BuildStamp);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Whether a build of <paramref name="request"/> with <paramref name="fingerprint"/> would make what this stamp
    /// records, as far as this machine's files tell: the fingerprint matches, and an OCI layout still holds the image,
    /// or the archive is still the file written (same size and time). Registry and daemon images, and the builder and
    /// run image, are asked by <see cref="StampCheck"/>.
    /// </summary>
    public bool IsUpToDate(BuildFingerprint fingerprint, BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(request);
        if (fingerprint.Value != Fingerprint
            || request.Destination.Kind.ToString() != Destination
            || request.Destination.Path != DestinationPath)
        {
            return false;
        }

        return request.Destination.Kind switch
        {
            ImageDestinationKind.Layout => LayoutHolds(DestinationPath, ManifestDigest),
            ImageDestinationKind.Archive => ArchiveHolds(),
            _ => true,
        };
    }

    private bool ArchiveHolds()
    {
        var archive = DestinationPath is null ? null : new FileInfo(DestinationPath);
        return archive is { Exists: true }
            && (ArchiveLength is null || archive.Length == ArchiveLength)
            && (ArchiveWritten is null || archive.LastWriteTimeUtc.Ticks == ArchiveWritten);
    }

    private static bool LayoutHolds(string? layout, string? digest)
    {
        if (layout is null || digest is null)
        {
            return false;
        }

        var index = Path.Combine(layout, "index.json");
        var blob = digest.Split(':') is [var algorithm, var hex] ? Path.Combine(layout, "blobs", algorithm, hex) : null;
        if (!File.Exists(index) || blob is null || !File.Exists(blob))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(index));
            return document.RootElement.TryGetProperty("manifests", out var manifests)
                && manifests.ValueKind == JsonValueKind.Array
                && manifests.EnumerateArray().Any(m => m.TryGetProperty("digest", out var d) && d.GetString() == digest);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return false;
        }
    }
}

/// <summary>Source-generated JSON for <see cref="BuildStamp"/> (no reflection: the library is AOT-compatible).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(BuildStamp))]
[JsonSerializable(typeof(ResolvedImage))]
internal sealed partial class BuildStampJsonContext : JsonSerializerContext
{
}
