using System.Text.Json.Serialization;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>Source-generated JSON for the image labels the lifecycle reads and writes (NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(LayersMetadata))]
[JsonSerializable(typeof(CacheMetadata))]
public sealed partial class MetadataJsonContext : JsonSerializerContext
{
}
