using System.Text.Json.Serialization;

namespace Buildpacks.Images.Stores.Daemon.EngineApi;

/// <summary>Source-generated JSON metadata for the Engine API answers: no reflection, so NativeAOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ImageInspectWire))]
[JsonSerializable(typeof(List<ImageSummaryWire>))]
[JsonSerializable(typeof(VersionWire))]
[JsonSerializable(typeof(ErrorWire))]
[JsonSerializable(typeof(StreamMessageWire))]
internal sealed partial class EngineApiJsonContext : JsonSerializerContext
{
}
