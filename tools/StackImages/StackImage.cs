using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;

namespace Buildpacks.Tools.StackImages;

/// <summary>One image of the stack: which repository and tag it goes to, its config and its layers (base first).</summary>
internal sealed record StackImage(string Repository, string Tag, ImageConfig Config, IReadOnlyList<WrittenLayer> Layers)
{
    /// <summary>The compressed size of its layers: what a pull of it into an empty store moves.</summary>
    public long Size => Layers.Sum(l => l.Blob.Size);
}

/// <summary>Where an image of the stack was written and its digest.</summary>
/// <param name="Reference">The registry reference, or <c>layout-dir:tag</c> for an OCI layout.</param>
/// <param name="Digest">The manifest digest.</param>
/// <param name="Unchanged">True when the registry already had the tag at this digest, so nothing was written.</param>
internal sealed record PublishedImage(StackImage Image, string Reference, Digest Digest, bool Unchanged);
