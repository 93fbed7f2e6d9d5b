using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>How <see cref="ImageArchiveWriter"/> writes an archive.</summary>
public sealed record ImageArchiveWriteOptions
{
    /// <summary>The archive form.</summary>
    public ImageArchiveFormat Format { get; init; } = ImageArchiveFormat.DockerArchive;

    /// <summary>
    /// Layers (by blob digest) written as empty entries: <c>docker load</c> does not read a layer whose chain ID it
    /// already has, which lets a daemon write skip the layers the daemon holds. Only for a docker-archive streamed
    /// into <c>docker load</c>.
    /// </summary>
    public IReadOnlySet<Digest> PlaceholderLayers { get; init; } = new HashSet<Digest>();

    /// <summary>
    /// Leaves the OCI layout files out of a docker-archive, for an archive only meant for a daemon's load: Podman
    /// tries an archive as an OCI archive first and, given several names in <c>index.json</c>, gives up on that form
    /// with an error of its own before it tries manifest.json.
    /// </summary>
    public bool ForDockerLoadOnly { get; init; }
}
