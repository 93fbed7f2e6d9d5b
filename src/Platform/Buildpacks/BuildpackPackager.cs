using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Platform.Labels;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// Makes buildpack packages (pack's <c>buildpack package</c>): an image with no base, one layer per buildpack (the
/// main one first, then its dependencies), the labels <c>io.buildpacks.buildpackage.metadata</c> and
/// <c>io.buildpacks.buildpack.layers</c>. Written to any image store, or as a <c>.cnb</c> file (an OCI archive).
/// </summary>
public static class BuildpackPackager
{
    /// <summary>Packages <paramref name="config"/> into <paramref name="destination"/> under <paramref name="tags"/>.</summary>
    /// <param name="config">What to package.</param>
    /// <param name="destination">Where the package image goes.</param>
    /// <param name="tags">Its names.</param>
    /// <param name="images">Where dependencies given as images are read; null when there are none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<BuildpackPackageResult> CreateAsync(
        PackageConfig config,
        IImageStore destination,
        IReadOnlyList<ImageReference> tags,
        IImageStore? images,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(destination);
        var scratch = Directory.CreateTempSubdirectory("bp-package-").FullName;
        try
        {
            var platform = PlatformOf(config);
            var resolver = new BuildpackResolver(images, platform, scratch);
            var set = new BuildpackSet();
            var main = (await resolver.ResolveAsync(config.Buildpack, cancellationToken).ConfigureAwait(false)).Single();
            set.AddRange([main]);
            foreach (var dependency in config.Dependencies)
            {
                set.AddRange(await resolver.ResolveAsync(dependency, cancellationToken).ConfigureAwait(false));
            }

            set.RequireCompositeComponents();
            var request = new ImageWriteRequest
            {
                Tags = tags,
                Config = new ImageConfig
                {
                    Created = LayerWriteOptions.DefaultModificationTime,
                    Os = platform.Os,
                    Architecture = platform.Architecture,
                    Variant = platform.Variant,
                    Config = new ContainerConfig { Labels = Labels(config, main, set.Buildpacks) },
                },
                Layers = set.Buildpacks.Select(b => b.Layer).ToList(),
            };
            var written = await destination.WriteImageAsync(request, cancellationToken).ConfigureAwait(false);
            return new BuildpackPackageResult(written, main.Id, main.Version, set.Buildpacks);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Packages <paramref name="config"/> into the <c>.cnb</c> file <paramref name="path"/> (replaced if it exists).</summary>
    public static Task<BuildpackPackageResult> CreateFileAsync(PackageConfig config, string path, IImageStore? images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var store = new ImageArchiveStore(path, ImageArchiveFormat.OciArchive);
        return CreateAsync(config, store, [FileImageName], images, cancellationToken);
    }

    // The name inside a .cnb matters to no reader (a file holds one image), so it is fixed: the file stays reproducible.
    private static ImageReference FileImageName { get; } = ImageReference.Parse("buildpack-package:latest");

    private static ImagePlatform PlatformOf(PackageConfig config)
    {
        var target = config.Targets.FirstOrDefault(t => t.Arch.Length > 0);
        return new ImagePlatform
        {
            Os = config.Os,
            Architecture = target?.Arch ?? ImagePlatform.LinuxAmd64.Architecture,
            Variant = target is { ArchVariant.Length: > 0 } ? target.ArchVariant : null,
        };
    }

    private static Dictionary<string, string> Labels(PackageConfig config, BuildpackLayer main, IReadOnlyList<BuildpackLayer> buildpacks)
    {
        var targets = config.Targets.Count > 0 ? config.Targets : main.Targets;
        var metadata = new BuildpackageMetadataJson
        {
            Id = main.Id,
            Name = string.IsNullOrEmpty(main.Name) ? null : main.Name,
            Version = main.Version,
            Homepage = string.IsNullOrEmpty(main.Homepage) ? null : main.Homepage,
            Stacks = main.Stacks.Count == 0 ? null : main.Stacks.Select(s => new StackJson { Id = s.Id, Mixins = s.Mixins.Count == 0 ? null : s.Mixins.ToList() }).ToList(),
            Targets = targets.Count == 0 ? null : OrderJson.ToJson(targets),
        };
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LabelNames.BuildpackageMetadata] = LabelJson.Write(metadata, LabelJsonContext.Default.BuildpackageMetadataJson),
            [LabelNames.BuildpackLayers] = BuildpackLayersLabel.Write(buildpacks),
        };
    }
}

/// <summary>What packaging wrote.</summary>
/// <param name="Image">The image written (digest, image ID).</param>
/// <param name="Id">The main buildpack's id.</param>
/// <param name="Version">The main buildpack's version.</param>
/// <param name="Buildpacks">Every buildpack in the package, in layer order.</param>
public sealed record BuildpackPackageResult(ImageWriteResult Image, string Id, string Version, IReadOnlyList<BuildpackLayer> Buildpacks);
