using System.Text.Encodings.Web;
using System.Text.Json;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>Reads and writes the <see cref="CacheMetadata"/> JSON of cache directories and cache images.</summary>
public static class CacheMetadataJson
{
    private static readonly MetadataJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The JSON of <paramref name="metadata"/>.</summary>
    public static string Serialize(CacheMetadata metadata) => JsonSerializer.Serialize(metadata, Context.CacheMetadata);

    /// <summary>
    /// Parses cache metadata; a missing, empty or undecodable document is an empty cache, as in the reference lifecycle
    /// (a corrupt cache costs a rebuild of the cached layers, never a failed build).
    /// </summary>
    public static CacheMetadata Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return CacheMetadata.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(json, Context.CacheMetadata) ?? CacheMetadata.Empty;
        }
        catch (JsonException)
        {
            return CacheMetadata.Empty;
        }
    }
}
