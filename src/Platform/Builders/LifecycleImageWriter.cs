using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Platform.Labels;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Makes a lifecycle image, the kind an untrusted builder's analyzer, restorer and exporter run from
/// (<c>BuildpackLifecycleImage</c>; pack's <c>--lifecycle-image</c>): as the reference lifecycle's <c>tools/image</c>
/// makes <c>buildpacksio/lifecycle</c>, a base image, the lifecycle at <c>/cnb/lifecycle</c>, its version and APIs in
/// the labels <c>io.buildpacks.lifecycle.version</c> and <c>io.buildpacks.lifecycle.apis</c>, <c>/layers</c> the
/// working directory, and nothing of a builder (no buildpacks, order or run.toml). Our lifecycle links glibc, so its
/// base must have it (a run image does). A multi-platform lifecycle image is one of these per platform, each from the
/// base's image for that platform and the lifecycle of that platform (<see cref="LifecycleForPlatform"/>), under an
/// index (<see cref="MultiPlatformImage"/>).
/// </summary>
public static class LifecycleImageWriter
{
    /// <summary>
    /// Writes the lifecycle at <paramref name="lifecyclePath"/> (a directory, binary or tarball, as for builders) on
    /// <paramref name="baseImage"/> (read from <paramref name="images"/>) to <paramref name="destination"/> under
    /// <paramref name="tags"/>; returns what was written and the lifecycle's descriptor. For <paramref name="platform"/>
    /// (linux/amd64 when null) a RID-named lifecycle directory stands for its sibling of that platform.
    /// </summary>
    public static async Task<(ImageWriteResult Image, LifecycleDescriptor Lifecycle)> CreateAsync(
        string lifecyclePath, ImageReference baseImage, IReadOnlyList<ImageReference> tags, IImageStore images, IImageStore destination, ImagePlatform? platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(destination);
        var scratch = Directory.CreateTempSubdirectory("bp-lifecycle-image-").FullName;
        try
        {
            var target = platform ?? ImagePlatform.LinuxAmd64;
            var image = await images.TryReadImageAsync(baseImage, target, cancellationToken).ConfigureAwait(false)
                ?? throw new PlatformException($"The base image {baseImage} is not in {images.Description}.");
            var lifecycle = await LifecycleBinaries.LoadAsync(LifecycleStaging.Executable(LifecycleForPlatform.Resolve(lifecyclePath, target), scratch), null, scratch, cancellationToken).ConfigureAwait(false);
            var layer = await new BuilderLayers(scratch, cancellationToken).LifecycleAsync(lifecycle).ConfigureAwait(false);
            var labels = new Dictionary<string, string>(image.Labels, StringComparer.Ordinal)
            {
                [LabelNames.LifecycleApis] = BuilderMetadataLabel.WriteApis(lifecycle.Descriptor),
                [LabelNames.LifecycleVersion] = lifecycle.Descriptor.Version,
            };
            var written = await destination.WriteImageAsync(
                new ImageWriteRequest
                {
                    Tags = tags,
                    Config = image.Config with
                    {
                        Config = image.Config.Config with { Labels = labels, WorkingDir = BuilderFiles.Layers },
                        History = image.Config.History is null
                            ? null
                            : [.. image.Config.History, new HistoryEntry { Created = image.Config.Created, CreatedBy = $"{BuilderCreator.BuildpacksMSBuild.Name}: lifecycle {lifecycle.Descriptor.Version}" }],
                    },
                    Layers = [.. image.Layers.Select(l => LayerToWrite.From(image, l)), layer],
                    ManifestMediaType = image.Manifest.MediaType is { } mediaType && MediaTypes.IsManifest(mediaType) ? mediaType : MediaTypes.OciManifest,
                },
                cancellationToken).ConfigureAwait(false);
            return (written, lifecycle.Descriptor);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
