using Buildpacks.Images.References;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// A run image and its mirrors, as <c>run.toml</c> <c>[[images]]</c> (and the deprecated <c>stack.toml</c>
/// <c>[run-image]</c>) list them: the same image under several names, typically one per registry.
/// </summary>
/// <param name="Image">The run image name.</param>
/// <param name="Mirrors">Other names of the same image.</param>
public sealed record RunImageEntry(string Image, IReadOnlyList<string> Mirrors)
{
    /// <summary>The image, then its mirrors: the order names are tried in.</summary>
    public IEnumerable<string> Names => Mirrors.Prepend(Image).Where(n => n.Length > 0);

    /// <summary>
    /// Whether <paramref name="name"/> is the image or one of its mirrors, ignoring a digest and an implied
    /// <c>latest</c> tag (lc <c>RunImageForExport.Contains</c>).
    /// </summary>
    public bool Contains(string name)
    {
        var wanted = Normalize(name);
        return Names.Any(n => Normalize(n) == wanted);
    }

    /// <summary>
    /// Picks the name to pull the run image by (lc <c>platform.BestRunImageMirrorFor</c>): the first name on
    /// <paramref name="targetRegistry"/> (the output image's registry) that is readable, else the first readable name.
    /// </summary>
    /// <returns>The chosen name, or null when none is readable.</returns>
    public async Task<string?> BestMirrorForAsync(string targetRegistry, Func<string, CancellationToken, Task<bool>> isReadable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isReadable);
        var names = Names.ToList();
        foreach (var name in names.Where(n => ImageReference.TryParse(n, out var r) && r!.Registry == targetRegistry))
        {
            if (await isReadable(name, cancellationToken).ConfigureAwait(false))
            {
                return name;
            }
        }

        foreach (var name in names)
        {
            if (await isReadable(name, cancellationToken).ConfigureAwait(false))
            {
                return name;
            }
        }

        return null;
    }

    private static string Normalize(string name)
    {
        if (!ImageReference.TryParse(name, out var reference))
        {
            return name;
        }

        return $"{reference!.Name}:{reference.Tag ?? ImageReference.DefaultTag}";
    }
}
