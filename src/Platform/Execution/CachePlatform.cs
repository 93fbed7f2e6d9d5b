using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// What sets a foreign platform's build caches apart from this machine's: layers built for arm64 must never be
/// restored into an amd64 build (the cache holds binaries). This machine's platform adds nothing, so the caches that
/// builds had before multi-platform builds keep their names.
/// </summary>
public static class CachePlatform
{
    /// <summary>Empty for null or this machine's platform, else <c>@os/arch[/variant]</c>.</summary>
    public static string Suffix(ImagePlatform? platform) =>
        platform is null || ImagePlatform.Current.Matches(platform) && platform.Matches(ImagePlatform.Current) ? "" : "@" + platform;
}
