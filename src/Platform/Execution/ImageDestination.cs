namespace Buildpacks.Platform.Execution;

/// <summary>The kinds of place an app image can go.</summary>
public enum ImageDestinationKind
{
    /// <summary>The registry named by the image's reference.</summary>
    Registry,

    /// <summary>The Docker (or Podman) daemon's image store.</summary>
    Daemon,

    /// <summary>An OCI image layout directory.</summary>
    Layout,

    /// <summary>A tarball that <c>docker load</c> takes.</summary>
    Archive,
}

/// <summary>Where the app image goes; <paramref name="Path"/> (absolute) for a layout or an archive.</summary>
public sealed record ImageDestination(ImageDestinationKind Kind, string? Path = null)
{
    /// <summary>The registry.</summary>
    public static ImageDestination Registry { get; } = new(ImageDestinationKind.Registry);

    /// <summary>The daemon.</summary>
    public static ImageDestination Daemon { get; } = new(ImageDestinationKind.Daemon);
}
