using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Buildpacks.Platform.Toml;

/// <summary>
/// Source-generated Tomlyn metadata for the untyped TOML model: configuration files are read and builder files
/// written through <see cref="TomlTable"/> and mapped by hand, so no reflection is needed and every rejected value can
/// be reported with its file and key.
/// </summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class PlatformTomlContext : TomlSerializerContext
{
}
