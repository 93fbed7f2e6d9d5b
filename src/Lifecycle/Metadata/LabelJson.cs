using System.Text.Encodings.Web;
using System.Text.Json;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>Reads and writes the lifecycle's JSON labels.</summary>
public static class LabelJson
{
    // Labels are read by people and other tools: write '+', '<' and the like as themselves, as Go does for '+'.
    private static readonly MetadataJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The label value for <paramref name="metadata"/>.</summary>
    public static string Serialize(LayersMetadata metadata) => JsonSerializer.Serialize(metadata, Context.LayersMetadata);

    /// <summary>
    /// Parses an <c>io.buildpacks.lifecycle.metadata</c> label; null for a missing or undecodable one (the analyzer
    /// treats a corrupt previous image as no previous image, as the reference lifecycle does).
    /// </summary>
    public static LayersMetadata? TryParseLayersMetadata(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(label, Context.LayersMetadata);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
