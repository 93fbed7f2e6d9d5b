using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// A .NET runtime identifier and the image platform it builds for (<c>linux-x64</c> ↔ <c>linux/amd64</c>,
/// <c>linux-arm64</c> ↔ <c>linux/arm64</c>), as the SDK's container publishing maps them (its RidMapping): the OS
/// before the first '-', the architecture after the last, musl RIDs on the same platform as glibc ones.
/// </summary>
/// <param name="RuntimeIdentifier">The RID, e.g. <c>linux-arm64</c>.</param>
/// <param name="Platform">The image platform, e.g. <c>linux/arm64</c>.</param>
public sealed record RuntimeIdentifierPlatform(string RuntimeIdentifier, ImagePlatform Platform)
{
    /// <summary>The platform of <paramref name="runtimeIdentifier"/>, or null for a RID that names no Linux platform we know.</summary>
    public static RuntimeIdentifierPlatform? TryParse(string? runtimeIdentifier)
    {
        var rid = runtimeIdentifier?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(rid) || !rid.StartsWith("linux-", StringComparison.Ordinal))
        {
            return null;
        }

        var (architecture, variant) = rid[(rid.LastIndexOf('-') + 1)..] switch
        {
            "x64" => ("amd64", (string?)null),
            "arm64" => ("arm64", null),
            "arm" => ("arm", "v7"),
            "x86" => ("386", null),
            "ppc64le" => ("ppc64le", null),
            "s390x" => ("s390x", null),
            "riscv64" => ("riscv64", null),
            "loongarch64" => ("loong64", null),
            _ => (null, null),
        };
        return architecture is null ? null : new(rid, new ImagePlatform { Os = "linux", Architecture = architecture, Variant = variant });
    }

    /// <summary>
    /// The name of one platform's image of a multi-platform image <paramref name="tag"/>: <c>&lt;tag&gt;-&lt;rid&gt;</c>, as the
    /// SDK names the inner images of a multi-RID container publish. Publishes, builders and rebases all name them so.
    /// </summary>
    public static Images.References.ImageReference PlatformImageName(Images.References.ImageReference tag, string runtimeIdentifier)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return tag.WithTag($"{Images.Stores.Layout.OciLayoutNames.TagOf(tag)}-{runtimeIdentifier}");
    }

    /// <summary>
    /// The glibc RID of <paramref name="platform"/> (<c>linux/arm64</c> → <c>linux-arm64</c>): what the image of that
    /// platform in a multi-platform image is named after (<c>&lt;tag&gt;-&lt;rid&gt;</c>, the SDK's inner image names).
    /// </summary>
    public static string RuntimeIdentifierOf(ImagePlatform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var architecture = platform.Architecture.ToLowerInvariant() switch
        {
            "amd64" => "x64",
            "386" => "x86",
            "loong64" => "loongarch64",
            var other => other,
        };
        return $"{platform.Os.ToLowerInvariant()}-{architecture}";
    }
}
