using Buildpacks.Images;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// Turns buildpack locations into buildpack layers: directories and archives are written as new layers into a scratch
/// directory; package files and images give the layers they already hold (so a registry can mount them, and a store
/// that has them skips them).
/// </summary>
/// <param name="images">Where image references are read (packages named by image).</param>
/// <param name="platform">The platform to take from multi-platform package images.</param>
/// <param name="scratchDirectory">Where new layers and unpacked archives go; the caller deletes it.</param>
public sealed class BuildpackResolver(IImageStore? images, ImagePlatform platform, string scratchDirectory)
{
    /// <summary>Every buildpack <paramref name="location"/> holds: one for a directory or archive, all of a package's.</summary>
    public async Task<IReadOnlyList<BuildpackLayer>> ResolveAsync(BuildpackLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        switch (location.Kind)
        {
            case BuildpackLocationKind.Directory:
                return [await BuildpackLayerWriter.WriteAsync(location.Path!, scratchDirectory, location.ToString(), cancellationToken).ConfigureAwait(false)];
            case BuildpackLocationKind.Archive:
                var root = await UnpackAsync(location.Path!, cancellationToken).ConfigureAwait(false);
                return [await BuildpackLayerWriter.WriteAsync(root, scratchDirectory, location.ToString(), cancellationToken).ConfigureAwait(false)];
            case BuildpackLocationKind.PackageFile:
                return (await BuildpackPackageReader.ReadFileAsync(location.Path!, cancellationToken).ConfigureAwait(false)).Buildpacks;
            default:
                if (images is null)
                {
                    throw new BuildpackException($"The buildpack {location.Uri} is an image, but no image store was given to read it from.");
                }

                return (await BuildpackPackageReader.ReadAsync(images, location.Image!, platform, cancellationToken).ConfigureAwait(false)).Buildpacks;
        }
    }

    /// <summary>
    /// Unpacks a buildpack tarball. pack's and the samples' tarballs hold buildpack.toml at the root; some hold one
    /// top-level directory instead, which is then the buildpack.
    /// </summary>
    private async Task<string> UnpackAsync(string archive, CancellationToken cancellationToken)
    {
        var destination = Path.Combine(scratchDirectory, $"unpacked-{Guid.NewGuid():N}");
        try
        {
            await LayerExtractor.ExtractFileAsync(archive, destination, new LayerExtractOptions { ApplyWhiteouts = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ImageException or IOException)
        {
            throw new BuildpackException($"The buildpack archive {archive} cannot be unpacked ({e.Message}); give a .tgz or .tar of the buildpack directory.", e);
        }

        if (!File.Exists(Path.Combine(destination, "buildpack.toml"))
            && Directory.GetFileSystemEntries(destination) is [var only] && Directory.Exists(only))
        {
            return only;
        }

        return destination;
    }
}
