using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// The one platform a builder or package is made for: the one asked for (<c>BuildpackPlatform</c>, pack's
/// <c>--target</c>), which must be among the <c>[[targets]]</c> the toml declares with an architecture; else the first
/// of those; else linux/amd64.
/// </summary>
public static class TargetPlatforms
{
    /// <summary>Chooses the platform; throws BP6008 when <paramref name="requested"/> is not a declared target.</summary>
    public static ImagePlatform Choose(ImagePlatform? requested, IReadOnlyList<TargetMetadata> targets, string filePath)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var declared = targets.Where(t => t.Arch.Length > 0).Select(ToPlatform).ToList();
        if (requested is null)
        {
            return declared.Count > 0 ? declared[0] : ImagePlatform.LinuxAmd64;
        }

        if (declared.Count == 0 || declared.Any(requested.Matches))
        {
            return requested;
        }

        throw CodedException.Of(Messages.PlatformNotATarget, requested, filePath, string.Join(", ", declared));
    }

    /// <summary>A target as an image platform (os defaults to linux).</summary>
    public static ImagePlatform ToPlatform(TargetMetadata target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new ImagePlatform
        {
            Os = target.Os.Length > 0 ? target.Os : "linux",
            Architecture = target.Arch,
            Variant = target.ArchVariant.Length > 0 ? target.ArchVariant : null,
        };
    }
}
