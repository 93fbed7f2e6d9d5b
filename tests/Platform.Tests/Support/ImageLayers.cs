using Buildpacks.Images.Layers;
using Buildpacks.Images.Stores;

namespace Buildpacks.Platform.Tests.Support;

/// <summary>Lists what an image's layers hold, through the stores and LayerReader.</summary>
internal static class ImageLayers
{
    /// <summary>Every entry of every layer, keyed by normalised path ("/cnb/order.toml"); upper layers win.</summary>
    public static async Task<Dictionary<string, LayerEntryInfo>> ListAsync(StoredImage image)
    {
        var entries = new Dictionary<string, LayerEntryInfo>(StringComparer.Ordinal);
        foreach (var layer in image.Layers)
        {
            foreach (var entry in await ListLayerAsync(image, layer))
            {
                entries[Normalize(entry.Name)] = entry;
            }
        }

        return entries;
    }

    public static async Task<List<LayerEntryInfo>> ListLayerAsync(StoredImage image, ImageLayer layer)
    {
        var result = new List<LayerEntryInfo>();
        await using var reader = await LayerReader.OpenAsync(await image.Store.OpenLayerAsync(image, layer, CancellationToken.None));
        while (await reader.NextEntryAsync() is { } entry)
        {
            result.Add(entry);
        }

        return result;
    }

    /// <summary>The content of the file at <paramref name="path"/> in the topmost layer that has it.</summary>
    public static async Task<string?> ReadTextAsync(StoredImage image, string path)
    {
        foreach (var layer in image.Layers.Reverse())
        {
            await using var reader = await LayerReader.OpenAsync(await image.Store.OpenLayerAsync(image, layer, CancellationToken.None));
            while (await reader.NextEntryAsync() is { } entry)
            {
                if (Normalize(entry.Name) == path && reader.CurrentContent is { } content)
                {
                    using var text = new StreamReader(content);
                    return await text.ReadToEndAsync();
                }
            }
        }

        return null;
    }

    public static string Normalize(string name) => "/" + name.TrimStart('.').TrimStart('/').TrimEnd('/');
}
