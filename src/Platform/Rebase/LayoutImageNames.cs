using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Platform.Rebase;

/// <summary>
/// The image reference that finds <c>oci:path:name</c> in a layout. skopeo and umoci name an image by its
/// <c>org.opencontainers.image.ref.name</c> alone, while the layout store also matches the full name it wrote in
/// <c>io.containerd.image.name</c>; so a bare name is looked up in <c>index.json</c> and the entry's full name used
/// when it has one. A name with a '/' is a full reference already.
/// </summary>
internal static class LayoutImageNames
{
    /// <summary>The repository an image gets in a layout whose entry carries no full name.</summary>
    public const string UnnamedRepository = "localhost/oci-layout";

    /// <summary>The reference for <paramref name="name"/> (empty: the layout's only image) in the layout at <paramref name="layoutPath"/>.</summary>
    /// <exception cref="InvalidImageReferenceException">The name is neither a tag nor a reference.</exception>
    public static ImageReference Resolve(string layoutPath, string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var reference = ImageReference.Parse(name);
            return reference.Tag is null && reference.Digest is null ? reference.WithTag(ImageReference.DefaultTag) : reference;
        }

        var entries = ReadEntries(layoutPath);
        var matching = name.Length == 0
            ? (entries.Count == 1 ? entries : [])
            : entries.Where(e => e.Annotations?.GetValueOrDefault(OciLayoutAnnotations.RefName) == name).ToList();
        var fullName = matching
            .Select(e => e.Annotations?.GetValueOrDefault(OciLayoutAnnotations.ContainerdImageName))
            .FirstOrDefault(n => ImageReference.TryParse(n, out _));
        if (fullName is not null)
        {
            return ImageReference.Parse(fullName);
        }

        var tag = name.Length > 0 ? name : matching.FirstOrDefault()?.Annotations?.GetValueOrDefault(OciLayoutAnnotations.RefName);
        var unnamed = ImageReference.Parse(UnnamedRepository);
        return tag is null ? unnamed : unnamed.WithTag(tag);
    }

    private static IReadOnlyList<Descriptor> ReadEntries(string layoutPath)
    {
        var indexPath = Path.Combine(layoutPath, "index.json");
        if (!File.Exists(indexPath))
        {
            return [];
        }

        try
        {
            return ImageJson.ParseIndex(File.ReadAllBytes(indexPath), indexPath).Manifests;
        }
        catch (Exception e) when (e is IOException or Images.ImageException)
        {
            // The store reads the index again and reports what is wrong with it, naming the layout.
            return [];
        }
    }
}
