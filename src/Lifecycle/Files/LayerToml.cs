using Buildpacks.Lifecycle.Layers;
using Buildpacks.Lifecycle.Toml;
using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// A layer content metadata file <c>&lt;layer&gt;.toml</c>: <c>[types] launch, build, cache</c> and <c>[metadata]</c>
/// (Buildpack API, "Layer Content Metadata (TOML)").
/// </summary>
public static class LayerToml
{
    private static readonly string[] TypeKeys = ["launch", "build", "cache"];

    /// <summary>Reads the metadata of layer <paramref name="name"/> in <paramref name="buildpackLayersDir"/>.</summary>
    /// <exception cref="TomlFileException">
    /// The file is malformed, or puts <c>launch</c>/<c>build</c>/<c>cache</c> at the top level instead of under
    /// <c>[types]</c>, which the reference lifecycle rejects since Buildpack API 0.6.
    /// </exception>
    public static LayerMetadata Read(string buildpackLayersDir, string name)
    {
        var path = Path.Combine(buildpackLayersDir, name + ".toml");
        var document = TomlDocument.Load(path);
        var root = document.Root;
        var misplaced = TypeKeys.FirstOrDefault(root.Contains);
        if (misplaced is not null)
        {
            throw document.Invalid(
                "the launch, cache and build flags should be in the types table ([types]), not at the top level",
                document.LineOfTopLevelKey(misplaced));
        }

        var types = root.GetTable("types");
        return new LayerMetadata(
            name,
            Path.Combine(buildpackLayersDir, name),
            new LayerTypes(types?.GetBool("launch") ?? false, types?.GetBool("build") ?? false, types?.GetBool("cache") ?? false),
            root.GetTable("metadata")?.Table ?? new TomlTable());
    }

    /// <summary>
    /// Writes a restored layer's metadata: only <c>[metadata]</c>, never the types (Buildpack API, "Layer Types": types
    /// are not restored).
    /// </summary>
    public static void WriteRestored(string path, TomlTable metadata)
    {
        var root = new TomlTable();
        if (metadata.Count > 0)
        {
            root["metadata"] = metadata;
        }

        TomlFileWriter.Write(path, root);
    }
}
