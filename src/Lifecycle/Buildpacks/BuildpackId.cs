namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>Rules for buildpack ids.</summary>
public static class BuildpackId
{
    /// <summary>
    /// The directory name of a buildpack id: every <c>/</c> becomes <c>_</c>. Used for the buildpack's layers directory
    /// (<c>&lt;layers&gt;/&lt;escaped id&gt;</c>), its place in the buildpacks directory and its SBOM directories
    /// (Platform API, "Buildpacks Directory Layout"; Buildpack API, "Layers").
    /// </summary>
    public static string Escape(string id) => id.Replace('/', '_');
}
