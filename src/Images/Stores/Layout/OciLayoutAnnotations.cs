namespace Buildpacks.Images.Stores.Layout;

/// <summary>
/// The index annotations that name images in an OCI image layout. Tools disagree on which one they read, so we
/// write both: skopeo (<c>oci:dir:tag</c>) and umoci (<c>--image dir:tag</c>) look up the tag in
/// <c>org.opencontainers.image.ref.name</c>; containerd and <c>docker load</c> of an OCI archive read the full
/// reference from <c>io.containerd.image.name</c>.
/// </summary>
public static class OciLayoutAnnotations
{
    /// <summary>The OCI image spec's name annotation; in a layout it holds the tag (image-spec annotations.md).</summary>
    public const string RefName = "org.opencontainers.image.ref.name";

    /// <summary>containerd's annotation holding the full image reference.</summary>
    public const string ContainerdImageName = "io.containerd.image.name";
}
