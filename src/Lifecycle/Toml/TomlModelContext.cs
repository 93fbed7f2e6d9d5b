using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Buildpacks.Lifecycle.Toml;

/// <summary>
/// Source-generated Tomlyn metadata for the untyped TOML model. Every data file goes through <see cref="TomlTable"/>
/// and is mapped by hand, which keeps the lifecycle free of reflection (it is compiled with NativeAOT) and lets the
/// readers apply the spec's rules (unknown keys tolerated, misplaced keys rejected) with precise messages.
/// </summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlModelContext : TomlSerializerContext
{
}
