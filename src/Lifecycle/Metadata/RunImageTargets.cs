using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Metadata;

/// <summary>
/// The target of a base image (Platform API, "Target Data"; lc <c>platform.GetTargetMetadata</c>): os, architecture and
/// variant from the image config, the distribution from the <c>io.buildpacks.base.distro.*</c> labels (only when one of
/// them is set) and the target id from <c>io.buildpacks.base.id</c>.
/// </summary>
public static class RunImageTargets
{
    /// <summary>The label holding the target id.</summary>
    public const string IdLabel = "io.buildpacks.base.id";

    /// <summary>The label holding the distribution name.</summary>
    public const string DistroNameLabel = "io.buildpacks.base.distro.name";

    /// <summary>The label holding the distribution version.</summary>
    public const string DistroVersionLabel = "io.buildpacks.base.distro.version";

    /// <summary>The target <paramref name="image"/> declares, and its id label if any.</summary>
    public static (RunImageTarget Target, string? Id) FromImage(StoredImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var labels = image.Labels;
        var hasName = labels.TryGetValue(DistroNameLabel, out var name);
        var hasVersion = labels.TryGetValue(DistroVersionLabel, out var version);
        var distro = hasName || hasVersion ? new OsDistro(name ?? "", version ?? "") : null;
        var target = new RunImageTarget(image.Config.Os ?? "", image.Config.Architecture ?? "", image.Config.Variant ?? "", distro);
        return (target, labels.GetValueOrDefault(IdLabel));
    }
}
