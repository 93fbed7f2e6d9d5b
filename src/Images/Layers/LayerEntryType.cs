namespace Buildpacks.Images.Layers;

/// <summary>The kinds of entry a layer we write can hold.</summary>
public enum LayerEntryType
{
    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A regular file with content.</summary>
    File,

    /// <summary>A symbolic link; its target is stored verbatim.</summary>
    Symlink,

    /// <summary>A hard link to a regular file written earlier in the same layer.</summary>
    Hardlink,
}
