namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>
/// A target a buildpack declares in <c>[[targets]]</c> of buildpack.toml (Buildpack API, "Targets"). An empty field
/// matches anything.
/// </summary>
/// <param name="Os">Operating system, e.g. <c>linux</c>.</param>
/// <param name="Arch">Architecture, e.g. <c>amd64</c>.</param>
/// <param name="ArchVariant">Architecture variant, e.g. <c>v8</c>.</param>
/// <param name="Distros">Distributions the buildpack supports; empty means any.</param>
public sealed record TargetMetadata(string Os, string Arch, string ArchVariant, IReadOnlyList<OsDistro> Distros)
{
    /// <summary>A target that matches any run image.</summary>
    public static TargetMetadata Any { get; } = new("", "", "", []);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = $"{OrWildcard(Os)}/{OrWildcard(Arch)}" + (ArchVariant.Length > 0 ? $"/{ArchVariant}" : "");
        return Distros.Count == 0 ? text : $"{text} ({string.Join(", ", Distros)})";
    }

    private static string OrWildcard(string value) => value.Length == 0 ? "*" : value;
}

/// <summary>An operating system distribution.</summary>
/// <param name="Name">e.g. <c>ubuntu</c>.</param>
/// <param name="Version">e.g. <c>24.04</c>.</param>
public sealed record OsDistro(string Name, string Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {Version}".Trim();
}
