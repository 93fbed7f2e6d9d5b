namespace Buildpacks.Images.Layers;

/// <summary>How <see cref="LayerExtractor"/> extracts a layer.</summary>
public sealed record LayerExtractOptions
{
    /// <summary>
    /// Apply OCI whiteouts (layer.md "Whiteouts"): a <c>.wh.x</c> entry deletes <c>x</c> left by earlier layers and
    /// <c>.wh..wh..opq</c> empties its directory of earlier layers' content; neither is written. When false, they are
    /// extracted as the plain empty files they are (to keep a layer's content as is). Default true.
    /// </summary>
    public bool ApplyWhiteouts { get; init; } = true;

    /// <summary>
    /// Accept symlinks with absolute targets, as a root file system has (<c>/etc/alternatives/…</c>). When following
    /// them itself the extractor takes such targets relative to the destination, so it never writes outside it; a
    /// program that later follows them outside a chroot sees the host's path. Default false: refused.
    /// </summary>
    public bool AllowAbsoluteSymlinks { get; init; }

    /// <summary>Give entries the uid/gid of their headers; only done when running as root. Default false.</summary>
    public bool PreserveOwnership { get; init; }

    /// <summary>
    /// Give every directory owner read, write and search, whatever its mode: a user who is not root can then extract
    /// the next layer of an image into a directory that an earlier layer made read-only, and delete the tree later (an
    /// image's file system extracted once and used read-only, as Local execution's builder root is). Default false.
    /// </summary>
    public bool OwnerMayWriteDirectories { get; init; }
}
