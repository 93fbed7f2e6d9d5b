using Buildpacks.Lifecycle.Layers;
using Buildpacks.Lifecycle.Metadata;

namespace Buildpacks.Lifecycle.Export;

/// <summary>How a layer is recorded in the lifecycle and cache metadata: its diff ID, <c>[metadata]</c> as JSON and types.</summary>
internal static class LayerRecords
{
    /// <summary>
    /// The record of <paramref name="layer"/> exported as <paramref name="sha"/>. An empty <c>[metadata]</c> is
    /// <c>"data": null</c>, as Go encodes a nil map.
    /// </summary>
    public static LayerRecord For(LayerMetadata layer, string sha) => new()
    {
        Sha = sha,
        Data = layer.Metadata.Count == 0 ? null : TomlJsonConversion.ToJson(layer.Metadata),
        Build = layer.Types.Build,
        Launch = layer.Types.Launch,
        Cache = layer.Types.Cache,
    };
}
