using System.Security.Cryptography;
using System.Text;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The names of the volumes that keep an image's caches between builds: a salted hash of the image's name without its
/// tag, so every tag of an app shares one cache (a new version tag does not start cold, a complaint of Spring Boot
/// users), and the name says nothing of the image to anyone listing volumes. A build for another platform than this
/// machine's (BuildpackPlatform, a multi-platform publish) gets caches of its own: an arm64 build must not restore amd64
/// layers.
/// </summary>
internal static class CacheVolumeNames
{
    private const string Salt = "buildpacks-msbuild/cache/v1:";

    /// <summary>The build cache (<c>-cache-dir</c>) of <paramref name="image"/>.</summary>
    public static string Build(ImageReference image, ImagePlatform? platform = null) => $"buildpacks-msbuild-cache-{Hash(image, platform)}.build";

    /// <summary>The launch cache (<c>-launch-cache</c>, layers read back from the daemon) of <paramref name="image"/>.</summary>
    public static string Launch(ImageReference image, ImagePlatform? platform = null) => $"buildpacks-msbuild-cache-{Hash(image, platform)}.launch";

    private static string Hash(ImageReference image, ImagePlatform? platform)
    {
        ArgumentNullException.ThrowIfNull(image);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Salt + image.Name + CachePlatform.Suffix(platform)));
        return Convert.ToHexString(digest, 0, 6).ToLowerInvariant();
    }
}
