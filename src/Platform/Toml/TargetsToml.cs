using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Platform.Toml;

/// <summary><c>[[targets]] os, arch, variant, [[targets.distros]] name, version</c> as builder.toml and package.toml write it.</summary>
internal static class TargetsToml
{
    public static IReadOnlyList<TargetMetadata> Read(TomlSection root) =>
        root.GetTableArray("targets").Select(ReadTarget).ToList();

    private static TargetMetadata ReadTarget(TomlSection target)
    {
        target.ExpectKeys("os", "arch", "variant", "distros", "distributions");

        // pack's dist.Target reads "distros"; its builder docs and older files say "distributions". Accept both.
        var distros = target.GetTableArray("distros").Concat(target.GetTableArray("distributions")).Select(d =>
        {
            d.ExpectKeys("name", "version");
            return new OsDistro(d.GetRequiredString("name", "name the distribution, e.g. \"ubuntu\"."), d.GetString("version") ?? "");
        }).ToList();
        return new TargetMetadata(
            target.GetRequiredString("os", "give the target's operating system, e.g. \"linux\"."),
            target.GetString("arch") ?? "",
            target.GetString("variant") ?? "",
            distros);
    }
}
