using System.Security.Cryptography;
using System.Text;
using Buildpacks.Images.References;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// The names of the volumes that keep an image's caches between builds: a salted hash of the image's name without its
/// tag, so every tag of an app shares one cache (a new version tag does not start cold, a complaint of Spring Boot
/// users), and the name says nothing of the image to anyone listing volumes.
/// </summary>
internal static class CacheVolumeNames
{
    private const string Salt = "buildpacks-msbuild/cache/v1:";

    /// <summary>The build cache (<c>-cache-dir</c>) of <paramref name="image"/>.</summary>
    public static string Build(ImageReference image) => $"buildpacks-msbuild-cache-{Hash(image)}.build";

    /// <summary>The launch cache (<c>-launch-cache</c>, layers read back from the daemon) of <paramref name="image"/>.</summary>
    public static string Launch(ImageReference image) => $"buildpacks-msbuild-cache-{Hash(image)}.launch";

    private static string Hash(ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Salt + image.Name));
        return Convert.ToHexString(digest, 0, 6).ToLowerInvariant();
    }
}
