using Buildpacks.Images.Layers;
using Buildpacks.Images.Stores;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Reads files out of an image's layers without extracting it: layers are scanned top first and the first layer that
/// has what is asked for wins (what the merged file system would show, whiteouts aside).
/// </summary>
internal static class ImageFileReader
{
    /// <summary>The bytes of the file at <paramref name="path"/> in the topmost of <paramref name="layers"/> that has it, or null.</summary>
    public static async Task<byte[]?> ReadFileAsync(StoredImage image, IEnumerable<ImageLayer> layers, string path, CancellationToken cancellationToken)
    {
        var wanted = Normalize(path);
        foreach (var layer in layers)
        {
            var files = await ReadMatchingAsync(image, layer, name => name == wanted, cancellationToken).ConfigureAwait(false);
            if (files.TryGetValue(wanted, out var content))
            {
                return content;
            }
        }

        return null;
    }

    /// <summary>
    /// The regular files directly in <paramref name="directory"/> (name → bytes) from the topmost of
    /// <paramref name="layers"/> that has any.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, byte[]>> ReadDirectoryAsync(StoredImage image, IEnumerable<ImageLayer> layers, string directory, CancellationToken cancellationToken)
    {
        var prefix = Normalize(directory) + "/";
        foreach (var layer in layers)
        {
            var files = await ReadMatchingAsync(image, layer, name => name.StartsWith(prefix, StringComparison.Ordinal) && name.IndexOf('/', prefix.Length) < 0, cancellationToken).ConfigureAwait(false);
            if (files.Count > 0)
            {
                return files.ToDictionary(f => f.Key[prefix.Length..], f => f.Value, StringComparer.Ordinal);
            }
        }

        return new Dictionary<string, byte[]>();
    }

    private static async Task<Dictionary<string, byte[]>> ReadMatchingAsync(StoredImage image, ImageLayer layer, Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var stream = await image.Store.OpenLayerAsync(image, layer, cancellationToken).ConfigureAwait(false);
        var reader = await LayerReader.OpenAsync(stream, leaveOpen: false, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.NextEntryAsync(cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var name = Normalize(entry.Name);
                if (entry.IsRegularFile && wanted(name) && reader.CurrentContent is { } content)
                {
                    using var buffer = new MemoryStream();
                    await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                    found[name] = buffer.ToArray();
                }
            }
        }

        return found;
    }

    /// <summary>Layer member names come as <c>cnb/x</c>, <c>./cnb/x</c> or <c>/cnb/x</c>; all mean the same file.</summary>
    private static string Normalize(string name)
    {
        var trimmed = name.TrimEnd('/');
        if (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        return trimmed.TrimStart('/');
    }
}
