using Buildpacks.Images.Model;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Images.Stores.Archive;

/// <summary>The blobs of an OCI layout stored as entries of a tar archive (<c>blobs/sha256/&lt;hex&gt;</c>).</summary>
internal sealed class TarBlobSource : IOciBlobSource
{
    private readonly TarIndex _tar;

    public TarBlobSource(TarIndex tar, string description)
    {
        _tar = tar;
        Description = description;
    }

    public string Description { get; }

    public Task<Stream?> TryOpenBlobAsync(Digest digest, CancellationToken cancellationToken) =>
        Task.FromResult(_tar.TryOpen(ImageArchiveWriter.BlobPath(digest)));
}
