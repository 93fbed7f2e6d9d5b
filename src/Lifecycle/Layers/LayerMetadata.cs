using Tomlyn.Model;

namespace Buildpacks.Lifecycle.Layers;

/// <summary>
/// A layer a buildpack declared with <c>&lt;layers&gt;/&lt;bp&gt;/&lt;name&gt;.toml</c> (Buildpack API, "Layer Types"):
/// its types and free-form metadata.
/// </summary>
/// <param name="Name">The layer name (the file name without <c>.toml</c>).</param>
/// <param name="Directory">The layer directory <c>&lt;layers&gt;/&lt;bp&gt;/&lt;name&gt;</c>, which may not exist.</param>
/// <param name="Types">Whether the layer is for launch, build and/or cache.</param>
/// <param name="Metadata">The <c>[metadata]</c> table.</param>
public sealed record LayerMetadata(string Name, string Directory, LayerTypes Types, TomlTable Metadata)
{
    /// <summary>
    /// A launch layer without a directory asks the exporter to reuse the layer of the previous image (Buildpack API,
    /// "Launch Layers"; the exporter fails if the previous image has none, or if the layer is also cached).
    /// </summary>
    public bool ReusesPreviousImageLayer => Types.Launch && !System.IO.Directory.Exists(Directory);
}

/// <summary>The <c>[types]</c> table of a layer.</summary>
/// <param name="Launch">Exported in the app image.</param>
/// <param name="Build">Visible to later buildpacks during build (path variables, <c>env/</c>, <c>env.build/</c>).</param>
/// <param name="Cache">Saved in the cache and restored for the next build.</param>
public sealed record LayerTypes(bool Launch, bool Build, bool Cache)
{
    /// <summary>A layer with none of the types is temporary; the builder renames it <c>&lt;name&gt;.ignore</c>.</summary>
    public bool IsIgnored => !Launch && !Build && !Cache;
}
