using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores;

/// <summary>A blob whose bytes do not hash to the digest it was fetched by: it is refused, never used.</summary>
public sealed class BlobDigestMismatchException : ImageException
{
    /// <summary>Creates the exception.</summary>
    public BlobDigestMismatchException(string source, Digest expected, Digest actual)
        : base($"The blob {expected} read from {source} has digest {actual}: its content is corrupt or was altered. Remove it from the source (or re-push it) and retry.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Creates the exception for a blob whose size, not digest, gave it away.</summary>
    public BlobDigestMismatchException(string source, Digest expected, string problem)
        : base($"The blob {expected} read from {source} is corrupt: {problem}. Remove it from the source (or re-push it) and retry.")
    {
        Expected = expected;
    }

    /// <summary>The digest asked for.</summary>
    public Digest Expected { get; }

    /// <summary>The digest of the bytes received.</summary>
    public Digest? Actual { get; }
}
