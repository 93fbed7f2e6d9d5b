namespace Buildpacks.Images.Layers;

/// <summary>
/// A layer entry that would reach outside the directory it is extracted into (a <c>..</c> segment, a symlink or hard
/// link pointing outside, or a write through such a symlink). The layer is refused, not repaired: it is either corrupt
/// or hostile.
/// </summary>
public sealed class UnsafeLayerEntryException : LayerExtractionException
{
    /// <summary>Creates the exception.</summary>
    public UnsafeLayerEntryException(string entryName, string problem)
        : base(entryName, problem + "; the layer is refused because extracting it would touch files outside the destination directory")
    {
    }
}
