namespace Buildpacks.Images.Registry;

/// <summary>An image index (manifest list) has no manifest for the platform asked for.</summary>
public sealed class PlatformNotInIndexException : RegistryException
{
    /// <summary>Creates the exception.</summary>
    public PlatformNotInIndexException(string registry, string repository, string reference, string platform, IReadOnlyList<string> available)
        : base(
            registry,
            repository,
            $"The image {reference} is an index without a manifest for {platform}; it has: {(available.Count == 0 ? "no platform entries" : string.Join(", ", available))}. Choose one of those platforms or a base image built for {platform}.")
    {
        Platform = platform;
        Available = available;
    }

    /// <summary>The platform asked for.</summary>
    public string Platform { get; }

    /// <summary>The platforms the index offers.</summary>
    public IReadOnlyList<string> Available { get; }
}
