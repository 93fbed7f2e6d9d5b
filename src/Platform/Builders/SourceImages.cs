using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Where a builder's build image and the buildpack package images it (or a package) names are read, by pull policy:
/// a <em>local</em> store (the Docker daemon or OCI layout the output goes to) and the registries the references name.
/// <list type="bullet">
/// <item><see cref="PullPolicy.IfNotPresent"/>: the local store, then the registry.</item>
/// <item><see cref="PullPolicy.Always"/>: the registry only, for the newest digest.</item>
/// <item><see cref="PullPolicy.Never"/>: the local store only.</item>
/// </list>
/// With no local store (output to a registry or an archive) images come from their registries whatever the policy, as
/// <c>pack builder create --publish</c> does. Read-only: it is never written to.
/// </summary>
public sealed class SourceImages : IImageStore
{
    private readonly IReadOnlyList<IImageStore> _stores;

    /// <summary>Reads by <paramref name="policy"/> from <paramref name="local"/> (may be null) and <paramref name="registry"/>.</summary>
    public SourceImages(PullPolicy policy, IImageStore? local, IImageStore registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _stores = (policy, local) switch
        {
            (_, null) => [registry],
            (PullPolicy.Always, _) => [registry],
            (PullPolicy.Never, _) => [local],
            _ => [local, registry],
        };
    }

    /// <summary>The stores read, in order.</summary>
    public IReadOnlyList<IImageStore> Stores => _stores;

    /// <inheritdoc />
    public string Description => string.Join(", then ", _stores.Select(s => s.Description));

    /// <inheritdoc />
    public async Task<StoredImage?> TryReadImageAsync(ImageReference reference, Images.Model.ImagePlatform platform, CancellationToken cancellationToken)
    {
        foreach (var store in _stores)
        {
            // The image keeps the store it came from, so its layers are opened there.
            if (await store.TryReadImageAsync(reference, platform, cancellationToken).ConfigureAwait(false) is { } image)
            {
                return image;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public Task<Stream> OpenLayerAsync(StoredImage image, ImageLayer layer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Store.OpenLayerAsync(image, layer, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ImageWriteResult> WriteImageAsync(ImageWriteRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Source images are only read; write to the destination store.");

    /// <inheritdoc />
    public Task TagAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Source images are only read; tag in the destination store.");

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken)
    {
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var store in _stores)
        {
            tags.UnionWith(await store.ListTagsAsync(repository, cancellationToken).ConfigureAwait(false));
        }

        return tags.ToList();
    }
}
