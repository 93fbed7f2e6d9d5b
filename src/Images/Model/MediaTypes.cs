namespace Buildpacks.Images.Model;

/// <summary>The media types of the OCI image spec and of Docker's image manifest v2 schema 2.</summary>
public static class MediaTypes
{
    /// <summary>OCI image manifest.</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>OCI image index.</summary>
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>OCI image config.</summary>
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>OCI gzip-compressed layer.</summary>
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>OCI uncompressed layer.</summary>
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";

    /// <summary>OCI zstd-compressed layer (read only: we never write zstd).</summary>
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";

    /// <summary>Docker v2 schema 2 manifest.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>Docker manifest list.</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>Docker image config.</summary>
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>Docker gzip-compressed layer.</summary>
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>Docker foreign (non-distributable) layer.</summary>
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>
    /// Whether a layer of this type may be left out of registries (Docker's foreign layers, OCI's non-distributable
    /// ones): a manifest that references it does not say the registry holds it.
    /// </summary>
    public static bool IsNonDistributable(string? mediaType) =>
        mediaType == DockerForeignLayerGzip || (mediaType?.StartsWith("application/vnd.oci.image.layer.nondistributable.", StringComparison.Ordinal) ?? false);

    /// <summary>Whether the type is a single-image manifest (OCI or Docker).</summary>
    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    /// <summary>Whether the type is an index / manifest list (OCI or Docker).</summary>
    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    /// <summary>Whether a layer of this type is gzip-compressed.</summary>
    public static bool IsGzipLayer(string? mediaType) =>
        mediaType is OciLayerGzip or DockerLayerGzip or DockerForeignLayerGzip
        || (mediaType?.EndsWith("+gzip", StringComparison.Ordinal) ?? false);

    /// <summary>Whether a layer of this type is an uncompressed tar.</summary>
    public static bool IsUncompressedLayer(string? mediaType) =>
        mediaType is OciLayer or "application/vnd.docker.image.rootfs.diff.tar";

    /// <summary>The config media type that goes with a manifest media type.</summary>
    public static string ConfigFor(string manifestMediaType) =>
        manifestMediaType == DockerManifest ? DockerConfig : OciConfig;

    /// <summary>The gzip layer media type that goes with a manifest media type.</summary>
    public static string GzipLayerFor(string manifestMediaType) =>
        manifestMediaType == DockerManifest ? DockerLayerGzip : OciLayerGzip;

    /// <summary>The <c>Accept</c> header values for fetching any manifest or index from a registry.</summary>
    public static readonly IReadOnlyList<string> AcceptedManifests =
        [OciManifest, DockerManifest, OciIndex, DockerManifestList];
}
