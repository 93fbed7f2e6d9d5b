using System.Security.Cryptography;
using System.Text;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Opens the build cache Local execution uses: the request's cache image (in the registry) or directory, else a
/// directory under the user's cache dir named from a salted hash of the image name, as pack names its cache volumes
/// (the salt is random per machine, so names cannot be guessed to poison another project's cache).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class LocalBuildCache
{
    /// <summary>Opens the cache for <paramref name="request"/>.</summary>
    /// <exception cref="CodedException">BP1206 (directory unusable) or BP1209 (a Docker volume).</exception>
    public static async Task<ILayerCache> OpenAsync(BuildRequest request, IImageStore registry, string cacheRoot, IBuildLog log, CancellationToken cancellationToken)
    {
        var cache = request.Cache;
        if (cache.Volume is { } volume)
        {
            throw CodedException.Of(Messages.LocalCacheVolumeUnsupported, volume);
        }

        if (cache.Image is { } image)
        {
            log.Progress($"Using cache image {image}");
            return await ImageCache.OpenAsync(registry, image, reason => log.Warn(reason), cancellationToken).ConfigureAwait(false);
        }

        var directory = cache.Directory ?? DefaultDirectory(cacheRoot, request.Tags[0], request.Platform);
        try
        {
            var opened = DirectoryCache.Open(directory);
            log.Progress($"Using cache directory {opened.Directory}");
            return opened;
        }
        catch (CacheException e)
        {
            throw CodedException.Because(e, Messages.LocalCacheDirectoryUnusable, directory, e.Message);
        }
    }

    /// <summary>
    /// <c>&lt;cacheRoot&gt;/&lt;sanitized image name&gt;-&lt;12 hex of sha256(salt + name)&gt;</c>: one cache per image
    /// repository (tags share it), readable in a listing, unguessable without this machine's salt. A foreign platform's
    /// build has its own (<see cref="CachePlatform"/>).
    /// </summary>
    public static string DefaultDirectory(string cacheRoot, ImageReference image, Images.Model.ImagePlatform? platform = null)
    {
        var name = image.Name + CachePlatform.Suffix(platform);
        var salt = Salt(cacheRoot);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(salt + "\n" + name))).ToLowerInvariant();
        var readable = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return Path.Combine(cacheRoot, $"{readable}-{hash[..12]}");
    }

    // Made once per cache root and kept in "<root>/.salt"; a second build racing to make it reads the winner's.
    private static string Salt(string cacheRoot)
    {
        var path = Path.Combine(cacheRoot, ".salt");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(cacheRoot);
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return File.ReadAllText(path).Trim();
    }
}
