using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>What an export or rebase wrote, as <c>report.toml</c> <c>[image]</c> records it.</summary>
/// <param name="Tags">Every name the image was written under.</param>
/// <param name="ImageId">The image ID (config digest); the daemon's name for the image.</param>
/// <param name="Digest">The manifest digest (what <c>name@digest</c> pulls); null for a daemon image without one.</param>
/// <param name="ManifestSize">The manifest's size in bytes, with <paramref name="Digest"/>.</param>
public sealed record ImageReport(IReadOnlyList<string> Tags, string? ImageId, string? Digest, long? ManifestSize);

/// <summary>
/// <c>&lt;layers&gt;/report.toml</c> (Platform API, "report.toml"): <c>[image] tags, image-id, digest,
/// manifest-size</c>, written by the exporter and the rebaser for the platform to read. <c>manifest-size</c> is an
/// integer, as the reference lifecycle writes it.
/// </summary>
public static class ReportToml
{
    /// <summary>Writes the report.</summary>
    public static void Write(string path, ImageReport report)
    {
        var image = new TomlTable { ["tags"] = report.Tags.ToTomlArray() };
        image.AddIfNotEmpty("image-id", report.ImageId);
        image.AddIfNotEmpty("digest", report.Digest);
        if (report.ManifestSize is { } size)
        {
            image["manifest-size"] = size;
        }

        TomlFileWriter.Write(path, new TomlTable { ["image"] = image });
    }

    /// <summary>Reads a report (for platforms and tests).</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static ImageReport Read(string path)
    {
        var image = TomlDocument.Load(path).Root.GetTable("image");
        long? size = image?.Table.TryGetValue("manifest-size", out var value) == true && value is long l ? l : null;
        return new ImageReport(image?.GetStringArray("tags") ?? [], image?.GetString("image-id"), image?.GetString("digest"), size);
    }
}
