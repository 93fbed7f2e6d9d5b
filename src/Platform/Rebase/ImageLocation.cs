using Buildpacks.Images.References;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Rebase;

/// <summary>
/// An image named with an optional transport prefix, as skopeo writes them: a plain reference or
/// <c>docker://reference</c> is in a registry, <c>docker-daemon:name:tag</c> in the daemon, and
/// <c>oci:/path/to/layout[:reference]</c> in an OCI image layout (the path ends at the first ':').
/// </summary>
/// <param name="Transport">Which kind of store holds the image.</param>
/// <param name="Text">The name as the user wrote it, for messages.</param>
/// <param name="Reference">The image's name in its store.</param>
/// <param name="LayoutPath">The layout directory (full path) for <see cref="ImageTransport.Layout"/>, else null.</param>
public sealed record ImageLocation(ImageTransport Transport, string Text, ImageReference Reference, string? LayoutPath)
{
    /// <summary>The registry transport's prefix.</summary>
    public const string RegistryPrefix = "docker://";

    /// <summary>The daemon transport's prefix.</summary>
    public const string DaemonPrefix = "docker-daemon:";

    /// <summary>The OCI layout transport's prefix.</summary>
    public const string LayoutPrefix = "oci:";

    /// <summary>Parses <paramref name="text"/>; a malformed name is BP5010 naming <paramref name="what"/> (a property or item).</summary>
    /// <exception cref="CodedException">BP5010.</exception>
    public static ImageLocation Parse(string text, string what)
    {
        var trimmed = (text ?? "").Trim();
        try
        {
            if (trimmed.StartsWith(LayoutPrefix, StringComparison.Ordinal))
            {
                return ParseLayout(trimmed);
            }

            if (trimmed.StartsWith(DaemonPrefix, StringComparison.Ordinal))
            {
                return new ImageLocation(ImageTransport.Daemon, trimmed, WithDefaultTag(ImageReference.Parse(trimmed[DaemonPrefix.Length..])), null);
            }

            var name = trimmed.StartsWith(RegistryPrefix, StringComparison.Ordinal) ? trimmed[RegistryPrefix.Length..] : trimmed;
            return new ImageLocation(ImageTransport.Registry, trimmed, WithDefaultTag(ImageReference.Parse(name)), null);
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(Messages.InvalidRebaseImageName, what, text, e.Reason);
        }
    }

    /// <summary>
    /// The name to write the rebased image under when <paramref name="tag"/> is given: a bare tag names the same
    /// repository (or layout), anything else a full name in this image's store (with or without this transport's prefix).
    /// </summary>
    /// <exception cref="CodedException">BP5011 when it is neither.</exception>
    public ImageReference Retagged(string tag)
    {
        var trimmed = tag.Trim();
        try
        {
            if (!trimmed.Contains('/', StringComparison.Ordinal) && !trimmed.Contains(':', StringComparison.Ordinal))
            {
                return Reference.WithTag(trimmed);
            }

            var prefix = Transport switch
            {
                ImageTransport.Daemon => DaemonPrefix,
                ImageTransport.Layout => $"{LayoutPrefix}{LayoutPath}:",
                _ => RegistryPrefix,
            };
            var name = trimmed.StartsWith(prefix, StringComparison.Ordinal) ? trimmed[prefix.Length..] : trimmed;
            if (name.StartsWith(DaemonPrefix, StringComparison.Ordinal) || name.StartsWith(LayoutPrefix, StringComparison.Ordinal) || name.StartsWith(RegistryPrefix, StringComparison.Ordinal))
            {
                throw new InvalidImageReferenceException(trimmed, "the rebased image is written where the app image is; name no other transport");
            }

            return WithDefaultTag(ImageReference.Parse(name));
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(Messages.InvalidRebaseTag, tag, Text, e.Reason);
        }
    }

    /// <summary>The name as the user wrote it.</summary>
    public override string ToString() => Text;

    private static ImageLocation ParseLayout(string text)
    {
        var rest = text[LayoutPrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var path = colon < 0 ? rest : rest[..colon];
        var name = colon < 0 ? "" : rest[(colon + 1)..];
        if (path.Length == 0)
        {
            throw new InvalidImageReferenceException(text, "an OCI layout needs a directory: oci:/path/to/layout[:reference]");
        }

        var fullPath = Path.GetFullPath(path);
        return new ImageLocation(ImageTransport.Layout, text, LayoutImageNames.Resolve(fullPath, name), fullPath);
    }

    // A name without tag or digest means latest, and the rebased image is written under it: never under a bare digest.
    private static ImageReference WithDefaultTag(ImageReference reference) =>
        reference.Tag is null && reference.Digest is null ? reference.WithTag(ImageReference.DefaultTag) : reference;
}
