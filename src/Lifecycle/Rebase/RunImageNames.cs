using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Metadata;

namespace Buildpacks.Lifecycle.Rebase;

/// <summary>
/// Run image names as the rebaser compares them (lifecycle platform/files <c>RunImageForExport.Contains</c>,
/// internal/name <c>ParseMaybe</c>): digest dropped, registry and tag normalised (<c>run</c> is
/// <c>docker.io/library/run:latest</c>), so <c>run:v1</c> and <c>run:v2</c> are different names.
/// </summary>
internal static class RunImageNames
{
    /// <summary>The recorded run image and its mirrors: <c>runImage</c>, else the deprecated <c>stack.runImage</c>.</summary>
    public static IReadOnlyList<string> Recorded(LayersMetadata metadata)
    {
        if (metadata.RunImage is { Image.Length: > 0 } runImage)
        {
            return [runImage.Image!, .. runImage.Mirrors ?? []];
        }

        return metadata.Stack?.RunImage is { Image.Length: > 0 } stack ? [stack.Image, .. stack.Mirrors ?? []] : [];
    }

    /// <summary>
    /// Every name the metadata accepts for a new run image: <c>runImage</c>'s and <c>stack.runImage</c>'s, both (lifecycle
    /// phase/rebaser.go <c>containsName</c>), for labels whose two records differ.
    /// </summary>
    public static IReadOnlyList<string> Accepted(LayersMetadata metadata)
    {
        IEnumerable<string> runImage = metadata.RunImage is { Image.Length: > 0 } run ? [run.Image!, .. run.Mirrors ?? []] : [];
        IEnumerable<string> stack = metadata.Stack?.RunImage is { Image.Length: > 0 } old ? [old.Image, .. old.Mirrors ?? []] : [];
        return [.. runImage.Concat(stack).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="candidate"/> names one of <paramref name="names"/>.</summary>
    public static bool Contains(IReadOnlyList<string> names, ImageReference candidate)
    {
        var normalized = Normalize(candidate);
        return names.Any(n => ImageReference.TryParse(n, out var name) && Normalize(name!) == normalized);
    }

    /// <summary>The comparable form: registry/repository:tag, tag defaulted, digest dropped.</summary>
    public static string Normalize(ImageReference reference) => $"{reference.Name}:{reference.Tag ?? ImageReference.DefaultTag}";
}
