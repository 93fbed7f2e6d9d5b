using Buildpacks.Images.Model;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// The lifecycle binaries of one platform of a multi-platform builder. A lifecycle directory named after a RID
/// (<c>artifacts/bin/linux-x64</c>, the package's <c>tools/linux-x64</c>, as build/build-binaries.sh and the package lay
/// them out) stands for its siblings of the other RIDs: the linux/arm64 builder takes <c>…/linux-arm64</c>. Any other
/// path is taken for every platform, as it is.
/// </summary>
public static class LifecycleForPlatform
{
    /// <summary>The lifecycle path for <paramref name="platform"/>; throws when the sibling it needs does not exist.</summary>
    public static string Resolve(string path, ImagePlatform platform)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(platform);
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var name = Path.GetFileName(full);
        if (!Directory.Exists(full) || RuntimeIdentifierPlatform.TryParse(name) is not { } rid || rid.Platform.Matches(platform) && platform.Matches(rid.Platform))
        {
            return path;
        }

        var sibling = Path.Combine(Path.GetDirectoryName(full)!, RuntimeIdentifierPlatform.RuntimeIdentifierOf(platform));
        return Directory.Exists(sibling)
            ? sibling
            : throw new PlatformException(
                $"The lifecycle {full} is for {name}, and the builder for {platform} needs the lifecycle of {Path.GetFileName(sibling)} beside it at {sibling}; "
                + $"build it (build/build-binaries.sh --rid {Path.GetFileName(sibling)}) or give a [lifecycle] uri for that platform.");
    }
}
