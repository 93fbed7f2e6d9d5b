namespace Buildpacks.Images.Layers;

/// <summary>How entry names are spelled in the tar. Both are valid layers; they differ in bytes, so in digests.</summary>
public enum LayerEntryNaming
{
    /// <summary>
    /// <c>workspace/app.dll</c>, directories with a trailing slash (<c>workspace/</c>): what <c>docker build</c> and
    /// GNU tar write.
    /// </summary>
    Relative,

    /// <summary>
    /// <c>/workspace/app.dll</c>, directories without a trailing slash: what the CNB reference lifecycle writes
    /// (lifecycle <c>archive/</c>), so our lifecycle can produce the same layer bytes.
    /// </summary>
    Absolute,
}
