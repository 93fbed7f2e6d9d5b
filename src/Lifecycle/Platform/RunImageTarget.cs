using System.Runtime.InteropServices;
using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Lifecycle.Platform;

/// <summary>
/// The target of the run image, from <c>analyzed.toml</c> <c>[run-image.target]</c> (Platform API, "analyzed.toml").
/// Buildpacks must match it (Platform API 0.12+) and receive it as <c>CNB_TARGET_*</c> (Buildpack API 0.10+).
/// </summary>
/// <param name="Os">e.g. <c>linux</c>.</param>
/// <param name="Arch">e.g. <c>amd64</c>.</param>
/// <param name="ArchVariant">e.g. <c>v8</c>; may be empty.</param>
/// <param name="Distro">The distribution, when known.</param>
public sealed record RunImageTarget(string Os, string Arch, string ArchVariant, OsDistro? Distro)
{
    /// <summary>Nothing known about the run image.</summary>
    public static RunImageTarget Unknown { get; } = new("", "", "", null);

    /// <summary>
    /// Fills what is missing the way the reference lifecycle does (platform/target_data.go): when the distribution is
    /// unknown, the OS defaults to linux, the architecture to this machine's, and the distribution is read from the
    /// build container's <c>/etc/os-release</c>.
    /// </summary>
    public RunImageTarget Completed(string osReleasePath = "/etc/os-release")
    {
        if (Distro is not null)
        {
            return this;
        }

        return this with
        {
            Os = Os.Length == 0 ? "linux" : Os,
            Arch = Arch.Length == 0 ? Images.Model.ImagePlatform.Current.Architecture : Arch,
            Distro = ReadOsRelease(osReleasePath),
        };
    }

    /// <summary>Whether any of a buildpack's targets accepts this run image; a buildpack without targets accepts any.</summary>
    public bool Satisfies(IReadOnlyList<TargetMetadata> targets) => targets.Count == 0 || targets.Any(Satisfies);

    /// <summary>
    /// Whether a buildpack target accepts this run image: os, arch and variant equal or empty on either side; if the
    /// buildpack lists distributions, one must match name and version (empty on either side matches).
    /// </summary>
    public bool Satisfies(TargetMetadata target)
    {
        if (!Matches(Os, target.Os) || !Matches(Arch, target.Arch) || !Matches(ArchVariant, target.ArchVariant))
        {
            return false;
        }

        if (target.Distros.Count == 0)
        {
            return true;
        }

        return Distro is { } distro && target.Distros.Any(d => Matches(distro.Name, d.Name) && Matches(distro.Version, d.Version));
    }

    /// <summary>The <c>CNB_TARGET_*</c> variables; the optional ones only when known (Buildpack API, "Targets").</summary>
    public IEnumerable<KeyValuePair<string, string>> EnvironmentVariables()
    {
        yield return new("CNB_TARGET_OS", Os);
        yield return new("CNB_TARGET_ARCH", Arch);
        if (ArchVariant.Length > 0)
        {
            yield return new("CNB_TARGET_ARCH_VARIANT", ArchVariant);
        }

        if (Distro is { Name.Length: > 0 })
        {
            yield return new("CNB_TARGET_DISTRO_NAME", Distro.Name);
        }

        if (Distro is { Version.Length: > 0 })
        {
            yield return new("CNB_TARGET_DISTRO_VERSION", Distro.Version);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Os}/{Arch}" + (ArchVariant.Length > 0 ? $"/{ArchVariant}" : "") + (Distro is null ? "" : $" ({Distro})");

    private static bool Matches(string a, string b) => a.Length == 0 || b.Length == 0 || a == b;

    private static OsDistro? ReadOsRelease(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string name = "", version = "";
        foreach (var line in File.ReadLines(path))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var value = line[(eq + 1)..].Trim().Trim('"', '\'');
            switch (line[..eq].Trim())
            {
                case "ID":
                    name = value;
                    break;
                case "VERSION_ID":
                    version = value;
                    break;
            }
        }

        return name.Length == 0 && version.Length == 0 ? null : new OsDistro(name, version);
    }
}
