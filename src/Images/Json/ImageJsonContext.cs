using System.Text.Json.Serialization;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Json;

/// <summary>Source-generated JSON metadata for the image model (trim- and NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(ManifestEnvelope))]
public sealed partial class ImageJsonContext : JsonSerializerContext
{
}
