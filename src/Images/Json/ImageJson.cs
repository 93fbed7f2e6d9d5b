using System.Text.Json;
using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;

namespace Buildpacks.Images.Json;

/// <summary>Reads and writes the image model's JSON documents with the source-generated context.</summary>
public static class ImageJson
{
    /// <summary>
    /// The context every image document goes through. The relaxed encoder writes <c>+</c> and other non-HTML
    /// characters as themselves (the default escapes them as <c>\u002B</c>), as Go tools do, so our media types
    /// and labels read the same as everyone else's.
    /// </summary>
    public static ImageJsonContext Context { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Serialises a manifest to compact UTF-8 JSON.</summary>
    public static byte[] Serialize(ImageManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Context.ImageManifest);

    /// <summary>Serialises an index to compact UTF-8 JSON.</summary>
    public static byte[] Serialize(ImageIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, Context.ImageIndex);

    /// <summary>Serialises a config to compact UTF-8 JSON.</summary>
    public static byte[] Serialize(ImageConfig config) => JsonSerializer.SerializeToUtf8Bytes(config, Context.ImageConfig);

    /// <summary>Parses a manifest; <paramref name="source"/> names where it came from for the error.</summary>
    public static ImageManifest ParseManifest(ReadOnlySpan<byte> json, string source) =>
        Parse(json, Context.ImageManifest, "manifest", source);

    /// <summary>Parses an index / manifest list.</summary>
    public static ImageIndex ParseIndex(ReadOnlySpan<byte> json, string source) =>
        Parse(json, Context.ImageIndex, "index", source);

    /// <summary>Parses an image config.</summary>
    public static ImageConfig ParseConfig(ReadOnlySpan<byte> json, string source) =>
        Parse(json, Context.ImageConfig, "config", source);

    /// <summary>
    /// Tells the media type of a manifest-like document: the declared one, else index vs manifest by shape.
    /// <paramref name="contentType"/> (a registry's Content-Type) wins when it is a known manifest type.
    /// </summary>
    public static string DetectMediaType(ReadOnlySpan<byte> json, string? contentType, string source)
    {
        if (MediaTypes.IsManifest(contentType) || MediaTypes.IsIndex(contentType))
        {
            return contentType!;
        }

        var envelope = Parse(json, Context.ManifestEnvelope, "manifest", source);
        if (envelope.SchemaVersion == 1)
        {
            throw new ImageFormatException($"The manifest from {source} is Docker schema 1, which is no longer supported; re-push the image with a current tool.");
        }

        if (!string.IsNullOrEmpty(envelope.MediaType))
        {
            return envelope.MediaType;
        }

        return envelope.Manifests is not null ? MediaTypes.OciIndex : MediaTypes.OciManifest;
    }

    private static T Parse<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type)
                ?? throw new ImageFormatException($"The {what} from {source} is empty (JSON null).");
        }
        catch (JsonException ex)
        {
            throw new ImageFormatException($"The {what} from {source} is not valid JSON: {ex.Message}", ex);
        }
    }
}
