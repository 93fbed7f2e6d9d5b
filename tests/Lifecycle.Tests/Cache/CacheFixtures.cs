using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;

namespace Buildpacks.Lifecycle.Tests.Cache;

/// <summary>Layers and images for the analyze, restore and cache tests, written with the image engine.</summary>
internal static class CacheFixtures
{
    /// <summary>
    /// Writes a layer of <paramref name="files"/> (paths relative to <paramref name="targetDirectory"/>) with absolute
    /// entry names under <paramref name="targetDirectory"/>, as the exporter writes cached and SBOM layers.
    /// </summary>
    public static Task<WrittenLayer> WriteLayerAsync(
        string outputFile,
        string targetDirectory,
        IReadOnlyDictionary<string, string> files,
        bool compressed = false) =>
        LayerWriter.WriteEntriesAsync(
            files.Select(f => LayerEntry.TextFile(f.Key, f.Value)),
            outputFile,
            new LayerWriteOptions
            {
                Naming = LayerEntryNaming.Absolute,
                TargetDirectory = targetDirectory,
                Uid = 1000,
                Gid = 1000,
                MediaType = compressed ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer,
            });

    /// <summary>Writes an image with the given labels, os and layers into <paramref name="store"/>.</summary>
    public static async Task<ImageWriteResult> WriteImageAsync(
        IImageStore store,
        string reference,
        IReadOnlyDictionary<string, string>? labels = null,
        string os = "linux",
        IReadOnlyList<WrittenLayer>? layers = null,
        string? variant = null)
    {
        var request = new ImageWriteRequest
        {
            Tags = [ImageReference.Parse(reference)],
            Config = new ImageConfig
            {
                Os = os,
                Architecture = global::Buildpacks.Images.Model.ImagePlatform.Current.Architecture,
                Variant = variant,
                Config = new ContainerConfig { Labels = labels },
            },
            Layers = (layers ?? []).Select(l => l.ToLayerToWrite()).ToList(),
        };
        return await store.WriteImageAsync(request, CancellationToken.None);
    }
}
