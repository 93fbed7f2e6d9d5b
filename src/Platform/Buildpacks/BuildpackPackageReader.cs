using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Archive;
using Buildpacks.Platform.Labels;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>Reads buildpack packages back from an image store or a <c>.cnb</c> file.</summary>
public static class BuildpackPackageReader
{
    /// <summary>Reads the package <paramref name="reference"/> names in <paramref name="store"/>.</summary>
    public static async Task<BuildpackPackage> ReadAsync(IImageStore store, ImageReference reference, ImagePlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var image = await store.TryReadImageAsync(reference, platform, cancellationToken).ConfigureAwait(false)
            ?? throw new BuildpackException($"The buildpack package image {reference} is not in {store.Description}; push or package it there first, or fix the reference.");
        return Read(image);
    }

    /// <summary>Reads the package in the <c>.cnb</c> file (an OCI archive) at <paramref name="path"/>.</summary>
    public static async Task<BuildpackPackage> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var store = new ImageArchiveStore(path, ImageArchiveFormat.OciArchive);

        // A .cnb holds one image; a reference without a tag takes that one whatever it is named.
        var image = await store.TryReadImageAsync(AnyImageInFile, ImagePlatform.LinuxAmd64, cancellationToken).ConfigureAwait(false)
            ?? throw new BuildpackException($"The buildpack package file {path} holds no image; make it again with PackageBuildpack or 'pack buildpack package --format file'.");
        return Read(image);
    }

    /// <summary>The package in <paramref name="image"/>.</summary>
    public static BuildpackPackage Read(StoredImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var metadata = LabelJson.Read(image.Labels, LabelNames.BuildpackageMetadata, LabelJsonContext.Default.BuildpackageMetadataJson, image.Reference.ToString())
            ?? throw new BuildpackException($"The image {image.Reference} is not a buildpack package: it has no {LabelNames.BuildpackageMetadata} label. Package the buildpack first (PackageBuildpack, 'pack buildpack package').");
        var buildpacks = BuildpackLayersLabel.Read(image);
        if (!buildpacks.Any(b => b.Id == metadata.Id && b.Version == metadata.Version))
        {
            throw new BuildpackException($"The buildpack package {image.Reference} names {metadata.Id}@{metadata.Version} as its buildpack but its {LabelNames.BuildpackLayers} label has no layer for it; recreate the package.");
        }

        return new BuildpackPackage { Id = metadata.Id, Version = metadata.Version ?? "", Buildpacks = buildpacks, Image = image };
    }

    private static ImageReference AnyImageInFile { get; } = ImageReference.Parse("buildpack-package");
}
