using System.Text.Json;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;

namespace Buildpacks.Tools.StackImages;

/// <summary>
/// The layer of a rootfs tree, written once and kept next to the tree: writing a few hundred MB takes longer than
/// everything else a cached run does. A kept layer is reused only when it was written by the same image engine build
/// (a changed writer may write other bytes) and its file is whole; it is written to a temporary name and renamed, so an
/// interrupted run never leaves a layer that looks complete.
/// </summary>
internal static class CachedTreeLayer
{
    private const string BlobName = "layer.tar.gz";
    private const string RecordName = "layer.json";

    public static async Task<(WrittenLayer Layer, bool Reused)> WriteOrReuseAsync(string tree, string cacheDirectory, CancellationToken cancellationToken)
    {
        var blob = Path.GetFullPath(Path.Combine(cacheDirectory, BlobName));
        var recordPath = Path.Combine(cacheDirectory, RecordName);
        var writer = WriterIdentity();
        if (await TryReadAsync(recordPath, cancellationToken) is { } kept
            && kept.Writer == writer
            && new FileInfo(blob) is { Exists: true } file
            && file.Length == kept.Size)
        {
            var descriptor = new Descriptor { MediaType = kept.MediaType, Digest = Digest.Parse(kept.Digest), Size = kept.Size };
            return (new WrittenLayer(descriptor, Digest.Parse(kept.DiffId), kept.UncompressedSize, blob), true);
        }

        Directory.CreateDirectory(cacheDirectory);
        File.Delete(recordPath);

        // Every file keeps its owner (root, but /etc/shadow is root:shadow and /home/cnb is cnb's); times are the
        // writer's fixed time, so the same tree always gives the same layer.
        var entries = LayerEntries.FromDirectory(tree, preserveOwnership: true);
        var written = await LayerWriter.WriteEntriesAsync(entries, blob + ".partial", cancellationToken: cancellationToken);
        File.Move(written.Path, blob, overwrite: true);
        var record = new KeptLayer(writer, written.Blob.MediaType, written.Blob.Digest.ToString(), written.Blob.Size, written.DiffId.ToString(), written.UncompressedSize);
        await File.WriteAllTextAsync(recordPath + ".partial", JsonSerializer.Serialize(record), cancellationToken);
        File.Move(recordPath + ".partial", recordPath, overwrite: true);
        return (written with { Path = blob }, false);
    }

    // The image engine assembly's module version ID changes whenever its code does (deterministic builds).
    private static string WriterIdentity() => typeof(LayerWriter).Assembly.ManifestModule.ModuleVersionId.ToString();

    private static async Task<KeptLayer?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<KeptLayer>(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException)
        {
            return null; // Not ours or damaged: write the layer again.
        }
    }

    private sealed record KeptLayer(string Writer, string MediaType, string Digest, long Size, string DiffId, long UncompressedSize);
}
