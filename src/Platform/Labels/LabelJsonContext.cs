using System.Text.Json;
using System.Text.Json.Serialization;

namespace Buildpacks.Platform.Labels;

/// <summary>
/// Source-generated System.Text.Json metadata for the label shapes. Compact output with nulls omitted and the
/// property order of the types, so the same builder gives the same label bytes (and image digest) every time.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, ModuleLayerJson>>))]
[JsonSerializable(typeof(List<OrderEntryJson>))]
[JsonSerializable(typeof(BuilderMetadataJson))]
[JsonSerializable(typeof(LifecycleApisJson))]
[JsonSerializable(typeof(BuildpackageMetadataJson))]
internal sealed partial class LabelJsonContext : JsonSerializerContext
{
}

/// <summary>Reads and writes label values, turning malformed JSON into an error that names the image and label.</summary>
internal static class LabelJson
{
    public static string Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Serialize(value, type);

    public static T? Read<T>(IReadOnlyDictionary<string, string> labels, string label, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string image)
        where T : class
    {
        if (!labels.TryGetValue(label, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException e)
        {
            throw new PlatformException($"The label {label} of {image} is not valid JSON ({e.Message}); recreate the image with a current pack or Buildpacks.MSBuild.", e);
        }
    }
}
