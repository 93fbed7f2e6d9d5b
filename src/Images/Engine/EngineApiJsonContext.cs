using System.Text.Json.Serialization;

namespace Buildpacks.Images.Engine;

/// <summary>
/// Source-generated JSON metadata for what the Engine API client reads and writes: no reflection, so NativeAOT-safe.
/// Fields left null are not written, so the daemon applies its own defaults.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageInspectWire))]
[JsonSerializable(typeof(List<ImageSummaryWire>))]
[JsonSerializable(typeof(VersionWire))]
[JsonSerializable(typeof(ErrorWire))]
[JsonSerializable(typeof(StreamMessageWire))]
internal sealed partial class EngineApiJsonContext : JsonSerializerContext
{
}

/// <summary>
/// The same for the container API (pulls, volumes, containers), apart so that a program that never runs a container
/// (the NativeAOT lifecycle, which only loads and saves images) is trimmed of its metadata.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthConfigWire))]
[JsonSerializable(typeof(ContainerCreateWire))]
[JsonSerializable(typeof(ContainerCreatedWire))]
[JsonSerializable(typeof(ContainerWaitWire))]
[JsonSerializable(typeof(InfoWire))]
[JsonSerializable(typeof(VolumeCreateWire))]
internal sealed partial class ContainerApiJsonContext : JsonSerializerContext
{
}
