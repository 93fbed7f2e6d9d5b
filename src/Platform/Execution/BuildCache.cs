namespace Buildpacks.Platform.Execution;

/// <summary>
/// Where build-time cache layers live between builds. At most one of image, volume and directory is set; none set means
/// the mode's default (Container: a volume named from a salted hash of the image name; Local: a directory under the
/// user's cache dir named the same way).
/// </summary>
public sealed record BuildCache
{
    /// <summary>A cache image in a registry (the lifecycle's <c>-cache-image</c>).</summary>
    public Images.References.ImageReference? Image { get; init; }

    /// <summary>A Docker volume (Container mode).</summary>
    public string? Volume { get; init; }

    /// <summary>A directory on this machine.</summary>
    public string? Directory { get; init; }

    /// <summary>Start from an empty cache (the old one is not read, and is replaced).</summary>
    public bool Clear { get; init; }
}
