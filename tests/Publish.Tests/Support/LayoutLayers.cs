using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Buildpacks.MSBuild.Publish.Tests.Support;

/// <summary>The file names in each layer of an image in an OCI layout directory, read straight from its blobs.</summary>
public static class LayoutLayers
{
    /// <summary>
    /// The entries of every layer of the image tagged <paramref name="tag"/> (the only image when null), bottom layer
    /// first; names as the tar holds them (e.g. <c>workspace/App.dll</c>).
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ReadAsync(string layoutDirectory, string? tag = null)
    {
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(layoutDirectory, "index.json")).ConfigureAwait(false));
        var manifests = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        var entry = tag is null
            ? manifests.Single()
            : manifests.Single(m => m.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var name) && name.GetString() == tag);
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(BlobPath(layoutDirectory, entry.GetProperty("digest").GetString()!)).ConfigureAwait(false));
        var layers = new List<IReadOnlyList<string>>();
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            layers.Add(await EntriesAsync(BlobPath(layoutDirectory, layer.GetProperty("digest").GetString()!), layer.GetProperty("mediaType").GetString()!).ConfigureAwait(false));
        }

        return layers;
    }

    private static string BlobPath(string layoutDirectory, string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return Path.Combine(layoutDirectory, "blobs", digest[..colon], digest[(colon + 1)..]);
    }

    private static async Task<IReadOnlyList<string>> EntriesAsync(string blob, string mediaType)
    {
        await using var file = File.OpenRead(blob);
        await using Stream tar = mediaType.EndsWith("gzip", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        await using var reader = new TarReader(tar);
        var names = new List<string>();
        while (await reader.GetNextEntryAsync().ConfigureAwait(false) is { } entry)
        {
            names.Add(entry.Name.TrimStart('/'));
        }

        return names;
    }
}
