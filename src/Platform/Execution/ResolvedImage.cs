namespace Buildpacks.Platform.Execution;

/// <summary>Where a build took an image it used from.</summary>
public enum ImageOrigin
{
    /// <summary>A registry: the name resolves to a manifest (or index) digest.</summary>
    Registry,

    /// <summary>The Docker (or Podman) daemon: the name resolves to an image ID.</summary>
    Daemon,
}

/// <summary>
/// An image a build used (the builder, the run image) as it resolved then: the name it was given, where it came from,
/// and the digest the name pointed to there (in a registry the tag's own digest, an index's for a multi-platform image;
/// in the daemon the image ID). The up-to-date check asks whether the name still points there.
/// </summary>
/// <param name="Name">The image's name, as the build used it.</param>
/// <param name="Origin">Where it was read or pulled from.</param>
/// <param name="Digest">What the name resolved to there.</param>
public sealed record ResolvedImage(string Name, ImageOrigin Origin, string Digest);
