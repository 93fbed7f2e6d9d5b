using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>
/// <see cref="LayersMetadata"/> as TOML, the <c>[metadata]</c> table of <c>analyzed.toml</c>. The keys are the reference
/// lifecycle's TOML spellings, which differ from the label's JSON ones (lc <c>platform/files/analyzed.go</c>,
/// <c>buildpack/files.go</c>): <c>run-image.top-layer</c> for <c>runImage.topLayer</c>, <c>stack.run-image</c> for
/// <c>stack.runImage</c>, and a layer's free-form data under <c>metadata</c> instead of <c>data</c>.
/// </summary>
internal static class LayersMetadataToml
{
    public static TomlTable ToToml(LayersMetadata metadata)
    {
        var table = new TomlTable { ["app"] = ShaTables(metadata.App) };
        if (metadata.Sbom is { } sbom)
        {
            table["sbom"] = ShaTable(sbom);
        }

        var buildpacks = new TomlTableArray();
        foreach (var buildpack in metadata.Buildpacks)
        {
            buildpacks.Add(BuildpackTable(buildpack));
        }

        table["buildpacks"] = buildpacks;
        table["config"] = ShaTable(metadata.Config);
        table["launcher"] = ShaTable(metadata.Launcher);
        table["process-types"] = ShaTable(metadata.ProcessTypes);

        var runImage = new TomlTable
        {
            ["top-layer"] = metadata.RunImage?.TopLayer ?? "",
            ["reference"] = metadata.RunImage?.Reference ?? "",
        };
        runImage.AddIfNotEmpty("image", metadata.RunImage?.Image);
        if (metadata.RunImage?.Mirrors is { Count: > 0 } mirrors)
        {
            runImage["mirrors"] = mirrors.ToTomlArray();
        }

        table["run-image"] = runImage;
        if (metadata.Stack is { } stack)
        {
            var stackRunImage = new TomlTable();
            stackRunImage.AddIfNotEmpty("image", stack.RunImage.Image);
            if (stack.RunImage.Mirrors is { Count: > 0 } stackMirrors)
            {
                stackRunImage["mirrors"] = stackMirrors.ToTomlArray();
            }

            table["stack"] = new TomlTable { ["run-image"] = stackRunImage };
        }

        return table;
    }

    public static LayersMetadata FromToml(TomlSection table)
    {
        var runImage = table.GetTable("run-image");
        var stackRunImage = table.GetTable("stack")?.GetTable("run-image");
        return new LayersMetadata
        {
            App = table.GetTableArray("app").Select(ReadSha).ToList(),
            Sbom = OptionalSha(table, "sbom"),
            Buildpacks = table.GetTableArray("buildpacks").Select(ReadBuildpack).ToList(),
            Config = OptionalSha(table, "config"),
            Launcher = OptionalSha(table, "launcher"),
            ProcessTypes = OptionalSha(table, "process-types"),
            RunImage = runImage is { } r
                ? new RunImageMetadata
                {
                    TopLayer = r.GetString("top-layer") ?? "",
                    Reference = r.GetString("reference") ?? "",
                    Image = r.GetString("image"),
                    Mirrors = r.Contains("mirrors") ? r.GetStringArray("mirrors") : null,
                }
                : null,
            Stack = stackRunImage is { } s
                ? new StackMetadata(new StackRunImage(s.GetString("image") ?? "", s.Contains("mirrors") ? s.GetStringArray("mirrors") : null))
                : null,
        };
    }

    private static TomlTable BuildpackTable(BuildpackLayersMetadata buildpack)
    {
        var layers = new TomlTable();
        foreach (var (name, layer) in buildpack.Layers.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var layerTable = new TomlTable { ["sha"] = layer.Sha };
            if (layer.Data is { Count: > 0 } data)
            {
                layerTable["metadata"] = TomlJsonConversion.ToToml(data);
            }

            layerTable["build"] = layer.Build;
            layerTable["launch"] = layer.Launch;
            layerTable["cache"] = layer.Cache;
            layers[name] = layerTable;
        }

        var table = new TomlTable { ["key"] = buildpack.Key, ["version"] = buildpack.Version, ["layers"] = layers };
        if (buildpack.Store is { } store)
        {
            table["store"] = new TomlTable { ["metadata"] = TomlJsonConversion.ToTomlOrEmpty(store.Metadata) };
        }

        return table;
    }

    private static BuildpackLayersMetadata ReadBuildpack(TomlSection buildpack)
    {
        var layers = new Dictionary<string, LayerRecord>(StringComparer.Ordinal);
        if (buildpack.GetTable("layers") is { } layerTables)
        {
            foreach (var name in layerTables.Table.Keys)
            {
                var layer = layerTables.GetTable(name)!.Value;
                layers[name] = new LayerRecord
                {
                    Sha = layer.GetString("sha") ?? "",
                    Data = layer.GetTable("metadata") is { } data ? TomlJsonConversion.ToJson(data.Table) : null,
                    Build = layer.GetBool("build"),
                    Launch = layer.GetBool("launch"),
                    Cache = layer.GetBool("cache"),
                };
            }
        }

        return new BuildpackLayersMetadata
        {
            Key = buildpack.GetString("key") ?? "",
            Version = buildpack.GetString("version") ?? "",
            Layers = layers,
            Store = buildpack.GetTable("store") is { } store
                ? new StoreMetadata(store.GetTable("metadata") is { } storeData ? TomlJsonConversion.ToJson(storeData.Table) : null)
                : null,
        };
    }

    private static TomlTableArray ShaTables(IEnumerable<LayerSha> layers)
    {
        var array = new TomlTableArray();
        foreach (var layer in layers)
        {
            array.Add(ShaTable(layer));
        }

        return array;
    }

    private static TomlTable ShaTable(LayerSha? layer) => new() { ["sha"] = layer?.Sha ?? "" };

    private static LayerSha ReadSha(TomlSection table) => new(table.GetString("sha") ?? "");

    /// <summary>lc writes these tables even for a layer it did not export (<c>sha = ""</c>); that reads as no layer.</summary>
    private static LayerSha? OptionalSha(TomlSection table, string key) =>
        table.GetTable(key) is { } t && t.GetString("sha") is { Length: > 0 } sha ? new LayerSha(sha) : null;
}
