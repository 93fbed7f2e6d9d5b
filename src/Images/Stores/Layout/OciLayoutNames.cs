using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Images.Stores.Layout;

/// <summary>
/// How images are named in a layout's <c>index.json</c>, and how a reference finds its entries. One layout
/// conventionally holds one repository, so the tag alone (<c>org.opencontainers.image.ref.name</c>) names an image;
/// the full reference (<c>io.containerd.image.name</c>) disambiguates when a layout holds several repositories.
/// </summary>
public static class OciLayoutNames
{
    /// <summary>The tag a reference is stored under: its tag, or <c>latest</c> when it names none.</summary>
    public static string TagOf(ImageReference reference) => reference.Tag ?? ImageReference.DefaultTag;

    /// <summary>The index entry that names <paramref name="target"/> as <paramref name="reference"/>.</summary>
    public static Descriptor Name(Descriptor target, ImageReference reference)
    {
        var annotations = target.Annotations is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(target.Annotations, StringComparer.Ordinal);
        annotations[OciLayoutAnnotations.ContainerdImageName] = reference.WithTag(TagOf(reference)).ToString();
        annotations[OciLayoutAnnotations.RefName] = TagOf(reference);
        return target with { Annotations = annotations };
    }

    /// <summary>
    /// The entries of <paramref name="index"/> that <paramref name="reference"/> names, best match first:
    /// <list type="number">
    /// <item>a digest reference matches the entry with that digest;</item>
    /// <item>an entry whose full name is the reference;</item>
    /// <item>an entry whose tag (or whole ref name) is the reference's, unless its full name says it belongs to another repository;</item>
    /// <item>
    /// when the layout holds exactly one entry: that entry if it carries no name at all (tools such as
    /// <c>skopeo copy … oci:dir</c> without a tag write such layouts), or if the reference names no tag. A single
    /// image named differently is <em>not</em> returned for an explicit tag: handing back the wrong image silently is
    /// worse than reporting that the tag is absent.
    /// </item>
    /// </list>
    /// </summary>
    public static IReadOnlyList<Descriptor> FindEntries(ImageIndex index, ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(reference);
        var entries = index.Manifests;
        if (reference.Digest is { } digest)
        {
            return entries.Where(e => e.Digest == digest).Take(1).ToList();
        }

        var full = reference.WithTag(TagOf(reference)).ToString();
        var exact = entries.Where(e => FullNameOf(e) is { } name && name.ToString() == full).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        var tag = TagOf(reference);
        var tagged = entries
            .Where(e => e.Annotations?.GetValueOrDefault(OciLayoutAnnotations.RefName) is { } refName
                && (refName == tag || refName == full || refName == reference.ToFamiliarString()))
            .Where(e => FullNameOf(e) is not { } name || name.Name == reference.Name)
            .ToList();
        if (tagged.Count > 0)
        {
            return tagged;
        }

        if (entries.Count == 1 && (reference.Tag is null || !IsNamed(entries[0])))
        {
            return entries;
        }

        return [];
    }

    /// <summary>The sorted tags of <paramref name="repository"/>: entries naming another repository are left out.</summary>
    public static IReadOnlyList<string> TagsOf(ImageIndex index, ImageReference repository) =>
        index.Manifests
            .Where(e => FullNameOf(e) is not { } name || name.Name == repository.Name)
            .Select(e => e.Annotations?.GetValueOrDefault(OciLayoutAnnotations.RefName))
            .OfType<string>()
            .Select(refName => ImageReference.TryParse(refName, out var parsed) && parsed!.Tag is { } tag && refName.Contains(':', StringComparison.Ordinal) ? tag : refName)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// <paramref name="index"/> with <paramref name="named"/> added, after removing the entries they replace: those
    /// with the same tag, since a tag names one image (what skopeo and umoci do when they write a tag again).
    /// </summary>
    public static ImageIndex WithEntries(ImageIndex index, IReadOnlyList<Descriptor> named)
    {
        var replacedTags = named
            .Select(e => e.Annotations?.GetValueOrDefault(OciLayoutAnnotations.RefName))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var kept = index.Manifests
            .Where(e => e.Annotations?.GetValueOrDefault(OciLayoutAnnotations.RefName) is not { } refName || !replacedTags.Contains(refName))
            .ToList();
        return index with { Manifests = [.. kept, .. named] };
    }

    private static bool IsNamed(Descriptor entry) =>
        entry.Annotations is { } a && (a.ContainsKey(OciLayoutAnnotations.RefName) || a.ContainsKey(OciLayoutAnnotations.ContainerdImageName));

    private static ImageReference? FullNameOf(Descriptor entry) =>
        entry.Annotations?.GetValueOrDefault(OciLayoutAnnotations.ContainerdImageName) is { } value
        && ImageReference.TryParse(value, out var parsed)
            ? parsed
            : null;
}
