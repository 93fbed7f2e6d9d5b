using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Indexes;

namespace Buildpacks.Images.Registry;

/// <summary>Image indexes in registries: read by name, written over images that are (or are made) present.</summary>
public sealed partial class RegistryStore
{
    /// <inheritdoc />
    public async Task<StoredIndex?> TryReadIndexAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var document = await ClientFor(reference.Registry).TryGetManifestAsync(reference.Repository, reference.Identifier, cancellationToken).ConfigureAwait(false);
        if (document is null || !MediaTypes.IsIndex(document.MediaType))
        {
            return null;
        }

        return new StoredIndex
        {
            Reference = reference,
            Store = this,
            Descriptor = new Descriptor { MediaType = document.MediaType, Digest = document.Digest, Size = document.Bytes.Length },
            Index = ImageJson.ParseIndex(document.Bytes, reference.ToString()),
        };
    }

    /// <inheritdoc />
    public async Task<IndexWriteResult> WriteIndexAsync(IndexWriteRequest request, CancellationToken cancellationToken)
    {
        var composed = ComposedIndex.Compose(request);
        var statistics = new TransferStatistics();

        // Each image must be in every repository the index is written to. An image already there (the inner images of
        // a multi-platform publish are) costs one HEAD of its manifest; another is copied by digest, its blobs mounted
        // where the registry has them.
        foreach (var repository in request.Tags.DistinctBy(t => (t.Registry, t.Repository)))
        {
            var client = ClientFor(repository.Registry);
            foreach (var image in request.Images)
            {
                if (IsIn(image, repository) || await client.TryGetManifestAsync(repository.Repository, image.Digest.ToString(), cancellationToken).ConfigureAwait(false) is not null)
                {
                    continue;
                }

                var copied = await WriteImageAsync(ImageWriteRequest.CopyOf(image, [repository.WithDigest(image.Digest)]), cancellationToken).ConfigureAwait(false);
                statistics = Add(statistics, copied.Statistics);
            }
        }

        foreach (var tag in request.Tags)
        {
            if (tag.Digest is { } pinned && pinned != composed.Descriptor.Digest)
            {
                throw new ArgumentException($"{tag} pins digest {pinned}, but the index's digest is {composed.Descriptor.Digest}.", nameof(request));
            }

            var client = ClientFor(tag.Registry);
            await client.PutManifestAsync(tag.Repository, tag.Tag ?? composed.Descriptor.Digest.ToString(), composed.Bytes, MediaTypes.OciIndex, cancellationToken).ConfigureAwait(false);
            client.Log.Write(ImageLogLevel.Information, $"Wrote {tag} (index {composed.Descriptor.Digest}: {string.Join(", ", composed.Index.Manifests.Select(m => m.Platform))})");
        }

        return composed.ToResult(request.Tags, statistics);
    }

    private static bool IsIn(StoredImage image, ImageReference repository) =>
        image.Store is RegistryStore
        && string.Equals(image.Reference.Registry, repository.Registry, StringComparison.OrdinalIgnoreCase)
        && image.Reference.Repository == repository.Repository;

    private static TransferStatistics Add(TransferStatistics a, TransferStatistics b) => new()
    {
        BlobsCopied = a.BlobsCopied + b.BlobsCopied,
        BytesCopied = a.BytesCopied + b.BytesCopied,
        BlobsMounted = a.BlobsMounted + b.BlobsMounted,
        BlobsSkipped = a.BlobsSkipped + b.BlobsSkipped,
    };
}
