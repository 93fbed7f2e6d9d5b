using Buildpacks.Images.Stores;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Builders;

/// <summary>Checks and summaries shared by builder creation and buildpack packaging.</summary>
internal static class SourceChecks
{
    /// <summary>
    /// Throws BP6009 naming the toml file and line when <paramref name="location"/> is an image that
    /// <paramref name="sources"/> do not hold: the writer would find out only after writing other layers, and without
    /// the line.
    /// </summary>
    public static async Task RequirePackageImageAsync(
        BuildpackLocation location, IImageStore sources, ImagePlatform platform, string filePath, string key, CancellationToken cancellationToken)
    {
        if (location.Kind != BuildpackLocationKind.Image
            || await sources.TryReadImageAsync(location.Image!, platform, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var located = ConfigKeyLines.WithLine(new ConfigFileException(
            filePath, key, $"names the image {location.Image}, which is not in {sources.Description}; package and push it first (PackageBuildpack), or fix the reference or BuildpackPullPolicy."));
        throw CodedException.Because(located, Messages.BuildpackNotFound, located.Message);
    }

    /// <summary>How the write moved its blobs, for the detailed log.</summary>
    public static string Transfer(ImageWriteResult result)
    {
        var statistics = result.Statistics;
        return $"written: image ID {result.ImageId}; blobs {statistics.BlobsCopied} copied ({statistics.BytesCopied} bytes), {statistics.BlobsMounted} mounted, {statistics.BlobsSkipped} already there";
    }
}
