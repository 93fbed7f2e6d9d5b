using Buildpacks.Images.References;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>The kinds of place a buildpack can come from.</summary>
public enum BuildpackLocationKind
{
    /// <summary>A directory holding buildpack.toml.</summary>
    Directory,

    /// <summary>A tar or gzip tar of such a directory (<c>.tgz</c>, <c>.tar.gz</c>, <c>.tar</c>).</summary>
    Archive,

    /// <summary>A buildpack package file (<c>.cnb</c>): an OCI layout tar.</summary>
    PackageFile,

    /// <summary>A buildpack package image (<c>docker://name</c> or a plain image reference).</summary>
    Image,
}

/// <summary>Where a buildpack comes from, as a <c>uri</c> of builder.toml or package.toml names it (pack's locator rules).</summary>
/// <param name="Kind">What the uri names.</param>
/// <param name="Path">The absolute path, for the file kinds.</param>
/// <param name="Image">The image, for <see cref="BuildpackLocationKind.Image"/>.</param>
/// <param name="Uri">The uri as written.</param>
public sealed record BuildpackLocation(BuildpackLocationKind Kind, string? Path, ImageReference? Image, string Uri)
{
    private const string DockerScheme = "docker://";
    private const string FileScheme = "file://";

    /// <summary>
    /// Classifies <paramref name="uri"/>: <c>docker://</c> names an image; <c>file://</c> or any other value that is an
    /// existing directory or file (relative to <paramref name="baseDirectory"/>) names that; anything else that parses
    /// as an image reference names an image. Throws <see cref="FormatException"/> with the reason otherwise.
    /// </summary>
    public static BuildpackLocation Parse(string uri, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.StartsWith(DockerScheme, StringComparison.OrdinalIgnoreCase))
        {
            var name = uri[DockerScheme.Length..].TrimStart('/');
            return ImageReference.TryParse(name, out var reference)
                ? new BuildpackLocation(BuildpackLocationKind.Image, null, reference, uri)
                : throw new FormatException($"'{name}' is not a valid image reference.");
        }

        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || uri.StartsWith("urn:cnb:", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("downloading buildpacks is not supported; download the buildpack and give its file path, or push it as an image and give its reference.");
        }

        var pathText = uri.StartsWith(FileScheme, StringComparison.OrdinalIgnoreCase) ? uri[FileScheme.Length..] : uri;
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, pathText));
        if (System.IO.Directory.Exists(full))
        {
            return new BuildpackLocation(BuildpackLocationKind.Directory, full, null, uri);
        }

        if (File.Exists(full))
        {
            var kind = full.EndsWith(".cnb", StringComparison.OrdinalIgnoreCase) ? BuildpackLocationKind.PackageFile : BuildpackLocationKind.Archive;
            return new BuildpackLocation(kind, full, null, uri);
        }

        if (!LooksLikePath(pathText) && ImageReference.TryParse(uri, out var image))
        {
            return new BuildpackLocation(BuildpackLocationKind.Image, null, image, uri);
        }

        throw new FormatException($"'{full}' does not exist; give an existing buildpack directory, .tgz or .cnb file, or an image reference (docker://name).");
    }

    /// <inheritdoc />
    public override string ToString() => Kind == BuildpackLocationKind.Image ? $"image {Image}" : $"{Kind.ToString().ToLowerInvariant()} {Path}";

    private static bool LooksLikePath(string text) =>
        text.StartsWith('.') || text.StartsWith('/') || text.StartsWith('~') || text.Contains('\\')
        || text.EndsWith(".cnb", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)
        || text.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".tar", StringComparison.OrdinalIgnoreCase);
}
