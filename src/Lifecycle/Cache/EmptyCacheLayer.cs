using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;

namespace Buildpacks.Lifecycle.Cache;

/// <summary>
/// The layer a cache image gets when nothing is cached: an empty tar, i.e. its 1024-byte end-of-archive marker of two
/// zero blocks (reference lifecycle: imgutil <c>AddEmptyLayerOnSave</c>; acceptance test "cache is created with an empty
/// layer"). Some registries refuse manifests without layers, hence a layer at all.
/// </summary>
internal sealed class EmptyCacheLayer : ILayerContent
{
    /// <summary>Two 512-byte zero blocks.</summary>
    public const int Size = 1024;

    private EmptyCacheLayer()
    {
    }

    /// <summary>The layer, stored uncompressed: blob digest and diff ID are the same.</summary>
    public static LayerToWrite Layer { get; } = Create();

    /// <inheritdoc />
    public StoredImage? Origin => null;

    /// <inheritdoc />
    public Task<Stream> OpenAsync(CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new MemoryStream(new byte[Size], writable: false));

    private static LayerToWrite Create()
    {
        var digest = Digest.Compute(new byte[Size]);
        return new LayerToWrite(
            new Descriptor { MediaType = MediaTypes.OciLayer, Digest = digest, Size = Size },
            digest,
            new EmptyCacheLayer());
    }
}
