using System.Text.Json.Serialization;
using Buildpacks.Images.Registry.Credentials;

namespace Buildpacks.Images.Registry.Json;

/// <summary>Source-generated JSON metadata for the registry protocol's documents (trim- and NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TagList))]
[JsonSerializable(typeof(RegistryErrors))]
[JsonSerializable(typeof(DockerConfigFile))]
[JsonSerializable(typeof(CredentialHelperOutput))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext
{
}
