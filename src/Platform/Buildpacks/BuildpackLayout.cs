using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>Where buildpacks live in builder and package images (Platform API, "Buildpacks Directory Layout").</summary>
public static class BuildpackLayout
{
    /// <summary><c>/cnb/buildpacks</c>.</summary>
    public const string BuildpacksDirectory = "/cnb/buildpacks";

    /// <summary><c>/cnb/buildpacks/&lt;id with '/' as '_'&gt;/&lt;version&gt;</c>.</summary>
    public static string DirectoryOf(string id, string version) => $"{BuildpacksDirectory}/{BuildpackId.Escape(id)}/{version}";
}
