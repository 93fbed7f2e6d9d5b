using Buildpacks.Images.Layers;

namespace Buildpacks.Tools.StackImages;

/// <summary>
/// The run image's top layer: <c>/etc/buildpacks-run-image-version</c> holding the variant (v1, v2). Two run images
/// that differ only here let rebase tests see which run image an app image sits on.
/// </summary>
internal static class RunImageMarker
{
    public const string FilePath = "etc/buildpacks-run-image-version";

    public static Task<WrittenLayer> WriteAsync(string version, string directory, CancellationToken cancellationToken) =>
        LayerWriter.WriteEntriesAsync(
            [LayerEntry.TextFile(FilePath, version + "\n")],
            Path.Combine(directory, $"run-marker-{version}.tar.gz"),
            cancellationToken: cancellationToken);
}
