using Buildpacks.Images;
using Buildpacks.Images.References;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// What happens after the lifecycle exported: the requested labels, exposed ports and runtime variables (which no
/// lifecycle takes) are written into the image's config (<see cref="Lifecycle.Export.AppImageConfig.WithPlatformSettings"/>,
/// the rule Local execution's exporter applies), a new config and manifest over the same layers in the store that holds
/// it; and an image bound for an OCI layout or an archive, which the lifecycle exported to the daemon under a temporary
/// name, is copied there by our image engine. The result's digests are those of the image as finally written.
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
        var unchanged = request.Labels.Count == 0 && request.ExposedPorts.Count == 0 && request.RuntimeEnvironment.Count == 0;
        try
        {
            switch (request.Destination.Kind)
            {
                case ImageDestinationKind.Daemon:
                    // The image the lifecycle wrote, by its ID: the tag may name another image by now (a docker tag or
                    // another build of the same name), which must not be labelled and tagged as this build's.
                    if (unchanged)
                    {
                        return new BuildResult(tags, null, TryParseImageId(report.ImageId, out var daemonId) ? daemonId.ToString() : report.ImageId!);
                    }

                    var exportedToDaemon = await ReadExportedAsync(daemon, exported[0], report, cancellationToken).ConfigureAwait(false);
                    return ToResult(await ReconfigureAsync(exportedToDaemon, daemon, request.Tags, cancellationToken).ConfigureAwait(false), withDigest: false);
                case ImageDestinationKind.Registry:
                    if (unchanged && TryParseImageId(report.ImageId, out var reportedId))
                    {
                        return new BuildResult(tags, report.Digest, reportedId.ToString());
                    }

                    // The image the lifecycle wrote, by its digest: the tag may name another's image by now (a publish of the
                    // same tag elsewhere), which must not be labelled and pushed as this build's.
                    var exportedImage = Digest.TryParse(report.Digest, out var digest) ? exported[0].WithDigest(digest) : exported[0];
                    using (var registry = new RegistryStore(request.RegistrySettings()))
                    {
                        // The reference lifecycle reports a registry export's digest only: its image ID is in the manifest.
                        var image = await ReadExportedAsync(registry, exportedImage, report, cancellationToken).ConfigureAwait(false);
                        return unchanged
                            ? new BuildResult(tags, image.Digest.ToString(), image.ImageId.ToString())
                            : ToResult(await ReconfigureAsync(image, registry, request.Tags, cancellationToken).ConfigureAwait(false), withDigest: true);
                    }

                default:
                    var destination = request.Destination.Kind == ImageDestinationKind.Layout
                        ? (IImageStore)new OciLayoutImageStore(request.Destination.Path!)
                        : new ImageArchiveStore(request.Destination.Path!);
                    log.Progress($"Writing {request.Tags[0]} to {destination.Description}");
                    var written = unchanged
                        ? await ImageCopier.CopyAsync(daemon, exported[0], destination, request.Tags, platform, cancellationToken).ConfigureAwait(false)
                        : await ReconfigureAsync(await ReadExportedAsync(daemon, exported[0], report, cancellationToken).ConfigureAwait(false), destination, request.Tags, cancellationToken).ConfigureAwait(false);
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

    // A daemon's image by the ID report.toml gives when it gives one; a registry's by the name, which the caller pins to
    // the reported digest.
    private async Task<StoredImage> ReadExportedAsync(IImageStore source, ImageReference from, Lifecycle.Files.ImageReport report, CancellationToken cancellationToken)
    {
        var image = source is DaemonImageStore daemonStore && TryParseImageId(report.ImageId, out var imageId)
            ? await daemonStore.TryReadImageByIdAsync(imageId, from, platform, cancellationToken).ConfigureAwait(false)
            : await source.TryReadImageAsync(from, platform, cancellationToken).ConfigureAwait(false);
        return image ?? throw new ImageException($"{source.Description} has no image {from}{(report.ImageId is { } id ? $" ({id})" : "")} after the export.");
    }

    /// <summary>Whether two daemon image IDs name one image, each written with or without its <c>sha256:</c>.</summary>
    internal static bool IsSameImageId(string? first, string? second) =>
        TryParseImageId(first, out var a) && TryParseImageId(second, out var b) ? a == b : first == second;

    // A lifecycle may write the daemon's ID with or without its "sha256:" (ours writes it with).
    private static bool TryParseImageId(string? reported, out Digest imageId) =>
        Digest.TryParse(reported, out imageId)
        || (reported is { Length: 64 } && reported.All(char.IsAsciiHexDigitLower) && Digest.TryParse("sha256:" + reported, out imageId));

    // Same layers, new config: only the config and manifest move (the destination has, or is sent, the layers).
    // The variables go after the lifecycle's in Env; they never name CNB_* (the request refuses those).
    private async Task<ImageWriteResult> ReconfigureAsync(StoredImage image, IImageStore destination, IReadOnlyList<ImageReference> to, CancellationToken cancellationToken)
    {
        log.Progress($"Setting {request.Labels.Count} label(s), {request.ExposedPorts.Count} port(s) and {request.RuntimeEnvironment.Count} variable(s) on {to[0]}");
        var config = Lifecycle.Export.AppImageConfig.WithPlatformSettings(image.Config.Config, request.Labels, request.ExposedPorts, request.RuntimeEnvironment);
        var write = new ImageWriteRequest
        {
            Tags = to,
            Config = image.Config with { Config = config },
            Layers = image.Layers.Select(l => LayerToWrite.From(image, l)).ToList(),
            ManifestMediaType = image.HasSynthesizedManifest ? Images.Model.MediaTypes.OciManifest : image.Manifest.MediaType ?? image.ManifestDescriptor.MediaType,
            ManifestAnnotations = image.Manifest.Annotations,
        };
        return await destination.WriteImageAsync(write, cancellationToken).ConfigureAwait(false);
    }
}
