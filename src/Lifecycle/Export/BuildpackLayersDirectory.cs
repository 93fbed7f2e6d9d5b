using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Layers;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// A buildpack's layers directory as the exporter reads it after build (lifecycle buildpack/layers.go
/// <c>ReadLayersDir</c>): every <c>&lt;name&gt;.toml</c> but launch.toml, build.toml and store.toml declares a layer,
/// in name order; store.toml holds metadata for the next build.
/// </summary>
public sealed record BuildpackLayersDirectory(GroupElement Buildpack, string Path, IReadOnlyList<LayerMetadata> Layers, TomlTable? Store)
{
    private static readonly string[] NotLayers = ["launch.toml", "build.toml", "store.toml"];

    /// <summary>Reads the directory of <paramref name="buildpack"/> under <paramref name="layersDir"/>; a missing one has no layers.</summary>
    /// <exception cref="TomlFileException">A layer's metadata or store.toml is malformed.</exception>
    public static BuildpackLayersDirectory Read(string layersDir, GroupElement buildpack)
    {
        var path = System.IO.Path.Combine(layersDir, BuildpackId.Escape(buildpack.Id));
        if (!Directory.Exists(path))
        {
            return new BuildpackLayersDirectory(buildpack, path, [], null);
        }

        var layers = Directory.EnumerateFiles(path, "*.toml")
            .Select(System.IO.Path.GetFileName)
            .Where(name => !NotLayers.Contains(name))
            .Select(name => name![..^".toml".Length])
            .Order(StringComparer.Ordinal)
            .Select(name => LayerToml.Read(path, name))
            .ToList();
        var storePath = System.IO.Path.Combine(path, "store.toml");
        return new BuildpackLayersDirectory(buildpack, path, layers, File.Exists(storePath) ? StoreToml.Read(storePath) : null);
    }

    /// <summary>The id the reference lifecycle gives a layer in log lines and layer ids: <c>&lt;bp id&gt;:&lt;name&gt;</c>.</summary>
    public string LayerId(LayerMetadata layer) => $"{Buildpack.Id}:{layer.Name}";

    /// <summary>The history text of one of this buildpack's layers.</summary>
    public string CreatedBy(LayerMetadata layer) => $"Layer: '{layer.Name}', Created by buildpack: {Buildpack}";
}
