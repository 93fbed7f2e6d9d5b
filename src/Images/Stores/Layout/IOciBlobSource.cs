using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores.Layout;

/// <summary>
/// The blobs of an OCI image layout, wherever the layout lives (a directory, or entries of a tar archive), so that
/// resolving a reference to an image is written once for both.
/// </summary>
internal interface IOciBlobSource
{
    /// <summary>Names the layout for errors, e.g. <c>OCI layout /tmp/app</c>.</summary>
    string Description { get; }

    /// <summary>Opens the raw bytes of a blob (unverified), or returns null when the layout lacks it.</summary>
    Task<Stream?> TryOpenBlobAsync(Digest digest, CancellationToken cancellationToken);
}
