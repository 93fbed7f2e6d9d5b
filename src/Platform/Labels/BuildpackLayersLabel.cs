using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;
using Buildpacks.Platform.Buildpacks;

namespace Buildpacks.Platform.Labels;

/// <summary><c>io.buildpacks.buildpack.layers</c>: written from buildpack layers, and read back into them.</summary>
internal static class BuildpackLayersLabel
{
    /// <summary>The label value; ids and versions in ordinal order, as Go's encoding/json sorts map keys.</summary>
    public static string Write(IEnumerable<BuildpackLayer> buildpacks)
    {
        var byId = new Dictionary<string, Dictionary<string, ModuleLayerJson>>(StringComparer.Ordinal);
        foreach (var group in buildpacks.GroupBy(b => b.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var versions = new Dictionary<string, ModuleLayerJson>(StringComparer.Ordinal);
            foreach (var buildpack in group.OrderBy(b => b.Version, StringComparer.Ordinal))
            {
                versions[buildpack.Version] = new ModuleLayerJson
                {
                    Api = buildpack.Api,
                    Stacks = buildpack.Stacks.Count == 0 ? null : buildpack.Stacks.Select(s => new StackJson { Id = s.Id, Mixins = s.Mixins.Count == 0 ? null : s.Mixins.ToList() }).ToList(),
                    Targets = buildpack.Targets.Count == 0 ? null : OrderJson.ToJson(buildpack.Targets),
                    Order = buildpack.IsComposite ? OrderJson.ToJson(buildpack.Order) : null,
                    LayerDiffId = buildpack.DiffId.ToString(),
                    Homepage = string.IsNullOrEmpty(buildpack.Homepage) ? null : buildpack.Homepage,
                    Name = string.IsNullOrEmpty(buildpack.Name) ? null : buildpack.Name,
                };
            }

            byId[group.Key] = versions;
        }

        return LabelJson.Write(byId, LabelJsonContext.Default.DictionaryStringDictionaryStringModuleLayerJson);
    }

    /// <summary>The buildpacks of <paramref name="image"/>, each with its layer in that image; empty without the label.</summary>
    public static IReadOnlyList<BuildpackLayer> Read(StoredImage image)
    {
        var label = LabelJson.Read(image.Labels, LabelNames.BuildpackLayers, LabelJsonContext.Default.DictionaryStringDictionaryStringModuleLayerJson, image.Reference.ToString());
        if (label is null)
        {
            return [];
        }

        var layers = image.Layers;
        var result = new List<BuildpackLayer>();
        foreach (var (id, versions) in label.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var (version, info) in versions.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!Digest.TryParse(info.LayerDiffId, out var diffId))
                {
                    throw new PlatformException($"The label {LabelNames.BuildpackLayers} of {image.Reference} gives {id}@{version} the layer diff ID '{info.LayerDiffId}', which is not a digest; recreate the image.");
                }

                var layer = layers.FirstOrDefault(l => l.DiffId == diffId)
                    ?? throw new PlatformException($"The image {image.Reference} names layer {diffId} for buildpack {id}@{version} in {LabelNames.BuildpackLayers}, but has no such layer; recreate the image.");
                result.Add(new BuildpackLayer
                {
                    Id = id,
                    Version = version,
                    Api = info.Api ?? "",
                    Name = info.Name,
                    Homepage = info.Homepage,
                    Stacks = info.Stacks?.Select(s => new BuildpackStack(s.Id, s.Mixins ?? [])).ToList() ?? [],
                    Targets = OrderJson.FromJson(info.Targets),
                    Order = OrderJson.FromJson(info.Order),
                    Layer = LayerToWrite.From(image, layer),
                    Source = $"image {image.Reference}",
                });
            }
        }

        return result;
    }
}
