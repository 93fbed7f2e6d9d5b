namespace Buildpacks.Images.Stores.Archive;

/// <summary>The kinds of image tarball an <see cref="ImageArchiveStore"/> writes.</summary>
public enum ImageArchiveFormat
{
    /// <summary>
    /// What <c>docker load</c> takes: <c>manifest.json</c> naming config and layer files. We also put the OCI layout
    /// files in (as Docker 25 does), so the same file is an OCI archive too and keeps the manifest digest when read back.
    /// </summary>
    DockerArchive,

    /// <summary>A tar of an OCI image layout, as <c>skopeo copy oci-archive:</c> and <c>podman load</c> take.</summary>
    OciArchive,
}
