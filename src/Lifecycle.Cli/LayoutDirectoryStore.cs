using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;

namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// The images of <c>-layout</c> mode (Platform API 0.12, experimental): one OCI image layout per image under the
/// layout directory, at <c>&lt;layout-dir&gt;/&lt;registry&gt;/&lt;repository&gt;/&lt;tag&gt;</c>, or
/// <c>…/&lt;repository&gt;/&lt;algorithm&gt;/&lt;hex&gt;</c> for a digest (lifecycle's layout paths, e.g.
/// <c>index.docker.io/library/busybox/latest</c>). A digest reference to an image stored under a tag is found by looking
/// in the repository's layouts, since analyzed.toml pins the run image by digest.
/// </summary>
internal sealed class LayoutDirectoryStore : IImageStore
{
    /// <summary>A store over <paramref name="root"/>.</summary>
    public LayoutDirectoryStore(string root) => Root = root;

    /// <summary>The layout directory (<c>-layout-dir</c> / <c>CNB_LAYOUT_DIR</c>).</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string Description => $"OCI layouts under {Root}";

    /// <summary>The layout directory of <paramref name="reference"/>.</summary>
    public string PathOf(ImageReference reference)
    {
        var identifier = reference.Digest is { } digest ? Path.Combine(digest.Algorithm, digest.Hex) : OciLayoutNames.TagOf(reference);
        return Path.Combine(RepositoryPath(reference), identifier);
    }

    /// <inheritdoc />
    public async Task<StoredImage?> TryReadImageAsync(ImageReference reference, Images.Model.ImagePlatform platform, CancellationToken cancellationToken)
    {
        var exact = PathOf(reference);
        if (Directory.Exists(exact))
        {
            return await new OciLayoutImageStore(exact).TryReadImageAsync(reference, platform, cancellationToken).ConfigureAwait(false);
        }

        if (reference.Digest is null || !Directory.Exists(RepositoryPath(reference)))
        {
            return null;
        }

        foreach (var layout in Directory.EnumerateFiles(RepositoryPath(reference), "index.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var store = new OciLayoutImageStore(Path.GetDirectoryName(layout)!);
            if (await store.TryReadImageAsync(reference, platform, cancellationToken).ConfigureAwait(false) is { } image)
            {
                return image;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public Task<Stream> OpenLayerAsync(StoredImage image, ImageLayer layer, CancellationToken cancellationToken) =>
        image.Store.OpenLayerAsync(image, layer, cancellationToken);

    /// <inheritdoc />
    public async Task<ImageWriteResult> WriteImageAsync(ImageWriteRequest request, CancellationToken cancellationToken)
    {
        ImageWriteResult? first = null;
        foreach (var tag in request.Tags)
        {
            var result = await new OciLayoutImageStore(PathOf(tag)).WriteImageAsync(request with { Tags = [tag] }, cancellationToken).ConfigureAwait(false);
            first ??= result;
        }

        return first! with { Tags = request.Tags };
    }

    /// <inheritdoc />
    public async Task TagAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken)
    {
        var image = await TryReadImageAsync(source, Images.Model.ImagePlatform.LinuxAmd64, cancellationToken).ConfigureAwait(false)
            ?? throw new OciLayoutException($"no image {source} under {Root}");
        await WriteImageAsync(
            new ImageWriteRequest
            {
                Tags = [target],
                Config = image.Config,
                Layers = image.Layers.Select(l => LayerToWrite.From(image, l)).ToList(),
                ManifestMediaType = image.Manifest.MediaType ?? MediaTypes.OciManifest,
                CopiedFrom = image,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, CancellationToken cancellationToken)
    {
        var directory = RepositoryPath(repository);
        IReadOnlyList<string> tags = Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory).Where(d => File.Exists(Path.Combine(d, "index.json"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult(tags);
    }

    // lifecycle names Docker Hub by its API host in layout paths.
    private string RepositoryPath(ImageReference reference) =>
        Path.Combine(Root, reference.Registry == ImageReference.DockerHub ? "index.docker.io" : reference.Registry, reference.Repository);
}
