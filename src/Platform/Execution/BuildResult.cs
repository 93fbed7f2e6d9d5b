namespace Buildpacks.Platform.Execution;

/// <summary>What a build made.</summary>
/// <param name="Tags">The names the image was written under.</param>
/// <param name="ManifestDigest">The image's manifest digest (<c>sha256:…</c>); null where the store has none (a daemon without a registry).</param>
/// <param name="ImageId">The image's config digest, which is its ID in a daemon.</param>
public sealed record BuildResult(IReadOnlyList<string> Tags, string? ManifestDigest, string ImageId)
{
    /// <summary>
    /// The builder and run image the build used, as they resolved then (the stamp records them, so that a later publish
    /// builds again when a tag moved); empty where the execution does not say.
    /// </summary>
    public IReadOnlyList<ResolvedImage> Inputs { get; init; } = [];
}
