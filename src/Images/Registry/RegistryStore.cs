using System.Collections.Concurrent;
using Buildpacks.Images.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Indexes;

namespace Buildpacks.Images.Registry;

/// <summary>
/// Images in registries, through the OCI Distribution API. One store serves every registry its references name,
/// with one <see cref="RegistryClient"/> per registry, all counting into <see cref="Statistics"/>.
/// Writing never sends a blob the destination has, and mounts a blob from another repository of the same registry
/// rather than uploading it.
/// </summary>
public sealed partial class RegistryStore : IImageIndexStore, IDisposable
{
    private readonly ConcurrentDictionary<string, RegistryClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a store with <paramref name="settings"/> (defaults: config.json credentials, 4 parallel transfers).</summary>
    public RegistryStore(RegistrySettings? settings = null)
    {
        Settings = settings ?? new RegistrySettings();
    }

    /// <summary>The settings every client of this store uses.</summary>
    public RegistrySettings Settings { get; }

    /// <summary>What every client of this store has done.</summary>
    public RegistryStatistics Statistics { get; } = new();

    /// <inheritdoc />
    public string Description => "registry";

    /// <summary>The client of <paramref name="registry"/> (made on first use, then kept).</summary>
    public RegistryClient ClientFor(string registry) =>
        _clients.GetOrAdd(registry, r => new RegistryClient(r, Settings, Statistics));

    /// <inheritdoc />
    public async Task<StoredImage?> TryReadImageAsync(ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        var client = ClientFor(reference.Registry);
        var repository = reference.Repository;
        var document = await client.TryGetManifestAsync(repository, reference.Identifier, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        Digest? indexDigest = null;
        if (MediaTypes.IsIndex(document.MediaType))
        {
            indexDigest = document.Digest;
            document = await SelectPlatformAsync(client, reference, document, platform, cancellationToken).ConfigureAwait(false);
        }

        var source = reference.ToString();
        if (!MediaTypes.IsManifest(document.MediaType))
        {
            throw new ImageFormatException($"The image {source} has media type '{document.MediaType}', which is not an image manifest or index; it is not a container image.");
        }

        var manifest = ImageJson.ParseManifest(document.Bytes, source);

        // Its blobs are in this repository (foreign layers excepted): writing an image that shares them checks none.
        client.NoteBlobsPresent(repository, manifest.Layers.Where(l => l.Urls is not { Count: > 0 } && !MediaTypes.IsNonDistributable(l.MediaType)).Select(l => l.Digest));
        var configBytes = await client.ReadBlobAsync(repository, manifest.Config, cancellationToken).ConfigureAwait(false);
        return new StoredImage
        {
            Reference = reference,
            Store = this,
            ManifestDescriptor = new Descriptor { MediaType = document.MediaType, Digest = document.Digest, Size = document.Bytes.Length },
            ManifestBytes = document.Bytes,
            Manifest = manifest,
            ConfigBytes = configBytes,
            Config = ImageJson.ParseConfig(configBytes, source),
            IndexDigest = indexDigest,
        };
    }

    /// <inheritdoc />
    public Task<Stream> OpenLayerAsync(StoredImage image, ImageLayer layer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(layer);
        return ClientFor(image.Reference.Registry).OpenBlobAsync(image.Reference.Repository, layer.Blob, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ImageWriteResult> WriteImageAsync(ImageWriteRequest request, CancellationToken cancellationToken)
    {
        var composed = ImageComposer.Compose(request);
        var tally = new TransferTally();
        var blobs = BlobsOf(request, composed);
        var written = new List<ImageReference>();

        // Blobs first, repository by repository: a later repository of the same registry mounts from an earlier one.
        var repositories = request.Tags.Select(t => (t.Registry, t.Repository)).Distinct().ToList();
        for (var i = 0; i < repositories.Count; i++)
        {
            var (registry, repository) = repositories[i];
            var client = ClientFor(registry);
            var earlier = repositories.Take(i).Where(r => r.Registry == registry).Select(r => r.Repository).ToList();
            await Task.WhenAll(blobs.Select(blob => client.InTransferSlotAsync(
                () => EnsureBlobAsync(client, repository, blob, earlier, tally, cancellationToken),
                cancellationToken))).ConfigureAwait(false);
        }

        // The manifest last, once everything it references is there: a registry rejects it otherwise.
        foreach (var tag in request.Tags)
        {
            if (tag.Digest is { } pinned && pinned != composed.ManifestDescriptor.Digest)
            {
                throw new ArgumentException($"{tag} pins digest {pinned}, but the image's digest is {composed.ManifestDescriptor.Digest}.", nameof(request));
            }

            var client = ClientFor(tag.Registry);
            await client.PutManifestAsync(tag.Repository, tag.Tag ?? composed.ManifestDescriptor.Digest.ToString(), composed.ManifestBytes, request.ManifestMediaType, cancellationToken).ConfigureAwait(false);
            client.Log.Write(ImageLogLevel.Information, $"Wrote {tag} ({composed.ManifestDescriptor.Digest})");
            written.Add(tag);
        }

        return composed.ToResult(written, tally.ToStatistics());
    }

    /// <inheritdoc />
    public async Task TagAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (!string.Equals(source.Registry, target.Registry, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Cannot tag {source} as {target}: they are in different registries. Copy the image with WriteImageAsync instead.", nameof(target));
        }

        var client = ClientFor(source.Registry);
        var document = await client.TryGetManifestAsync(source.Repository, source.Identifier, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryRequestException(source.Registry, source.Repository, System.Net.HttpStatusCode.NotFound, $"Cannot tag {source} as {target}: {source} does not exist. Check the name and that the image was pushed.");
        if (target.Digest is { } pinned && pinned != document.Digest)
        {
            throw new ArgumentException($"{target} pins digest {pinned}, but {source} is {document.Digest}.", nameof(target));
        }

        if (source.Repository != target.Repository)
        {
            await MountReferencedAsync(client, document, source.Repository, target.Repository, cancellationToken).ConfigureAwait(false);
        }

        await client.PutManifestAsync(target.Repository, target.Tag ?? document.Digest.ToString(), document.Bytes, document.MediaType, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return ClientFor(repository.Registry).ListTagsAsync(repository.Repository, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    private static async Task<RegistryManifest> SelectPlatformAsync(RegistryClient client, ImageReference reference, RegistryManifest index, ImagePlatform platform, CancellationToken cancellationToken)
    {
        // An index may point at another index (nested multi-platform images); follow a bounded number of levels.
        for (var depth = 0; depth < 4 && MediaTypes.IsIndex(index.MediaType); depth++)
        {
            var parsed = ImageJson.ParseIndex(index.Bytes, reference.ToString());
            var chosen = parsed.SelectManifest(platform)
                ?? throw new PlatformNotInIndexException(
                    reference.Registry,
                    reference.Repository,
                    reference.ToString(),
                    platform.ToString(),
                    parsed.Manifests.Where(m => m.Platform is not null).Select(m => m.Platform!.ToString()).Distinct().ToList());
            index = await client.TryGetManifestAsync(reference.Repository, chosen.Digest.ToString(), cancellationToken).ConfigureAwait(false)
                ?? throw new RegistryRequestException(reference.Registry, reference.Repository, System.Net.HttpStatusCode.NotFound, $"The index {reference} lists {chosen.Digest} for {platform}, but the registry does not have that manifest. Re-push the image.");
        }

        return index;
    }

    private static async Task EnsureBlobAsync(RegistryClient client, string repository, BlobToWrite blob, IReadOnlyList<string> earlier, TransferTally tally, CancellationToken cancellationToken)
    {
        var name = RegistryException.Name(client.Registry, repository);
        if (await client.BlobExistsAsync(repository, blob.Descriptor.Digest, cancellationToken).ConfigureAwait(false))
        {
            client.Statistics.CountSkippedBlob();
            tally.Skipped();
            client.Log.Write(ImageLogLevel.Information, $"Blob {blob.Descriptor.Digest} is already in {name}");
            return;
        }

        foreach (var from in MountSources(client.Registry, repository, blob.Origin, earlier))
        {
            try
            {
                if (await client.TryMountBlobAsync(repository, blob.Descriptor.Digest, from, cancellationToken).ConfigureAwait(false))
                {
                    tally.Mounted();
                    client.Log.Write(ImageLogLevel.Information, $"Mounted blob {blob.Descriptor.Digest} into {name} from {from}");
                    return;
                }
            }
            catch (RegistryException e) when (!cancellationToken.IsCancellationRequested)
            {
                // A mount is an optimisation: a registry or token service that refuses the source repository (Docker Hub
                // for one the credentials cannot read, a registry without mounts) is answered with the upload, as
                // go-containerregistry does (initiateUpload).
                client.Log.Write(ImageLogLevel.Debug, $"Could not mount blob {blob.Descriptor.Digest} into {name} from {from} ({e.Message}); uploading it");
            }
        }

        await client.UploadBlobAsync(repository, blob.Descriptor, blob.Open, cancellationToken).ConfigureAwait(false);
        tally.Copied(blob.Descriptor.Size);
    }

    // A mount only works inside one registry: the layer's own repository there, then repositories this write already
    // filled. Never across registries (which the .NET SDK attempts, wasting a request per layer).
    private static IEnumerable<string> MountSources(string registry, string repository, StoredImage? origin, IReadOnlyList<string> earlier)
    {
        var sources = new List<string>();
        if (origin is { Store: RegistryStore }
            && string.Equals(origin.Reference.Registry, registry, StringComparison.OrdinalIgnoreCase)
            && origin.Reference.Repository != repository)
        {
            sources.Add(origin.Reference.Repository);
        }

        sources.AddRange(earlier.Where(r => r != repository));
        return sources.Distinct();
    }

    private static async Task MountReferencedAsync(RegistryClient client, RegistryManifest document, string from, string to, CancellationToken cancellationToken)
    {
        if (MediaTypes.IsIndex(document.MediaType))
        {
            var index = ImageJson.ParseIndex(document.Bytes, $"{client.Registry}/{from}");
            foreach (var child in index.Manifests.Where(m => MediaTypes.IsManifest(m.MediaType) || MediaTypes.IsIndex(m.MediaType)))
            {
                var childDocument = await client.TryGetManifestAsync(from, child.Digest.ToString(), cancellationToken).ConfigureAwait(false);
                if (childDocument is null)
                {
                    continue;
                }

                await MountReferencedAsync(client, childDocument, from, to, cancellationToken).ConfigureAwait(false);
                await client.PutManifestAsync(to, childDocument.Digest.ToString(), childDocument.Bytes, childDocument.MediaType, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var manifest = ImageJson.ParseManifest(document.Bytes, $"{client.Registry}/{from}");
        foreach (var blob in manifest.Layers.Prepend(manifest.Config).DistinctBy(b => b.Digest))
        {
            if (!await client.TryMountBlobAsync(to, blob.Digest, from, cancellationToken).ConfigureAwait(false))
            {
                throw new RegistryRequestException(client.Registry, to, null, $"The registry {client.Registry} would not mount blob {blob.Digest} from {from} into {to}, which tagging there needs. Check that the account may pull {from} and push {to}.");
            }
        }
    }

    private static List<BlobToWrite> BlobsOf(ImageWriteRequest request, ComposedImage composed)
    {
        var blobs = request.Layers
            .DistinctBy(l => l.Blob.Digest)
            .Select(l => new BlobToWrite(l.Blob, l.Content.OpenAsync, l.Content.Origin))
            .ToList();
        var configBytes = composed.ConfigBytes;
        blobs.Add(new BlobToWrite(composed.ConfigDescriptor, _ => Task.FromResult<Stream>(new MemoryStream(configBytes, writable: false)), null));
        return blobs;
    }

    private sealed record BlobToWrite(Descriptor Descriptor, Func<CancellationToken, Task<Stream>> Open, StoredImage? Origin);

    // Counts for the ImageWriteResult, updated by parallel transfers.
    private sealed class TransferTally
    {
        private int _copied;
        private long _bytes;
        private int _mounted;
        private int _skipped;

        public void Copied(long bytes)
        {
            Interlocked.Increment(ref _copied);
            Interlocked.Add(ref _bytes, bytes);
        }

        public void Mounted() => Interlocked.Increment(ref _mounted);

        public void Skipped() => Interlocked.Increment(ref _skipped);

        public TransferStatistics ToStatistics() => new()
        {
            BlobsCopied = _copied,
            BytesCopied = Interlocked.Read(ref _bytes),
            BlobsMounted = _mounted,
            BlobsSkipped = _skipped,
        };
    }
}
