using Buildpacks.Images;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// What happens after the lifecycle exported: the requested labels (which no lifecycle can add) are written into the
/// image's config, a new config and manifest over the same layers in the store that holds it; and an image bound for an
/// OCI layout or an archive, which the lifecycle exported to the daemon under a temporary name, is copied there by our
/// image engine. The result's digests are those of the image as finally written.
/// </summary>
internal sealed class ExportFinisher(BuildRequest request, IImageStore daemon, ImagePlatform platform, IBuildLog log)
{
    /// <summary>
    /// Finishes the image the lifecycle exported under <paramref name="exported"/> (the request's tags, or the
    /// temporary name for a layout or archive) as <paramref name="report"/> describes it.
    /// </summary>
    public async Task<BuildResult> FinishAsync(IReadOnlyList<ImageReference> exported, Lifecycle.Files.ImageReport report, CancellationToken cancellationToken)
    {
        var tags = request.Tags.Select(t => t.ToString()).ToList();
        try
        {
            switch (request.Destination.Kind)
            {
                case ImageDestinationKind.Daemon:
                    return request.Labels.Count == 0
                        ? new BuildResult(tags, null, report.ImageId!)
                        : ToResult(await RelabelAsync(daemon, daemon, exported[0], request.Tags, cancellationToken).ConfigureAwait(false), withDigest: false);
                case ImageDestinationKind.Registry:
                    if (request.Labels.Count == 0)
                    {
                        return new BuildResult(tags, report.Digest, report.ImageId!);
                    }

                    using (var registry = new RegistryStore(new RegistrySettings { InsecureRegistries = request.InsecureRegistries }))
                    {
                        return ToResult(await RelabelAsync(registry, registry, exported[0], request.Tags, cancellationToken).ConfigureAwait(false), withDigest: true);
                    }

                default:
                    var destination = request.Destination.Kind == ImageDestinationKind.Layout
                        ? (IImageStore)new OciLayoutImageStore(request.Destination.Path!)
                        : new ImageArchiveStore(request.Destination.Path!);
                    log.Progress($"Writing {request.Tags[0]} to {destination.Description}");
                    var written = request.Labels.Count == 0
                        ? await ImageCopier.CopyAsync(daemon, exported[0], destination, request.Tags, platform, cancellationToken).ConfigureAwait(false)
                        : await RelabelAsync(daemon, destination, exported[0], request.Tags, cancellationToken).ConfigureAwait(false);
                    return ToResult(written, withDigest: true);
            }
        }
        catch (ImageException e)
        {
            var where = request.Destination.Path ?? request.Destination.Kind.ToString().ToLowerInvariant();
            throw CodedException.Because(e, Messages.ExportCopyFailed, request.Tags[0], where, e.Message);
        }
    }

    private static BuildResult ToResult(ImageWriteResult written, bool withDigest) =>
        new(written.Tags.Select(t => t.ToString()).ToList(), withDigest ? written.ManifestDigest.ToString() : null, written.ImageId.ToString());

    // Same layers, new config: only the config and manifest move (the destination has, or is sent, the layers).
    private async Task<ImageWriteResult> RelabelAsync(IImageStore source, IImageStore destination, ImageReference from, IReadOnlyList<ImageReference> to, CancellationToken cancellationToken)
    {
        log.Progress($"Adding {request.Labels.Count} label(s) to {to[0]}");
        var image = await source.TryReadImageAsync(from, platform, cancellationToken).ConfigureAwait(false)
            ?? throw new ImageException($"{source.Description} has no image {from} after the export.");
        var labels = new Dictionary<string, string>(image.Labels, StringComparer.Ordinal);
        foreach (var (key, value) in request.Labels)
        {
            labels[key] = value;
        }

        var write = new ImageWriteRequest
        {
            Tags = to,
            Config = image.Config with { Config = image.Config.Config with { Labels = labels } },
            Layers = image.Layers.Select(l => LayerToWrite.From(image, l)).ToList(),
            ManifestMediaType = image.HasSynthesizedManifest ? Images.Model.MediaTypes.OciManifest : image.Manifest.MediaType ?? image.ManifestDescriptor.MediaType,
            ManifestAnnotations = image.Manifest.Annotations,
        };
        return await destination.WriteImageAsync(write, cancellationToken).ConfigureAwait(false);
    }
}
