namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>
/// A buildpack as described by its <c>buildpack.toml</c> (Buildpack API, "buildpack.toml"), located in
/// <see cref="RootDir"/>. A composite buildpack has an <see cref="Order"/> and no executables.
/// </summary>
public sealed record BuildpackDescriptor
{
    /// <summary>The Buildpack API the buildpack implements.</summary>
    public required BuildpackApi Api { get; init; }

    /// <summary><c>buildpack.id</c>.</summary>
    public required string Id { get; init; }

    /// <summary><c>buildpack.version</c>.</summary>
    public required string Version { get; init; }

    /// <summary><c>buildpack.name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>buildpack.homepage</c>.</summary>
    public string? Homepage { get; init; }

    /// <summary><c>buildpack.clear-env</c>: when true, the user's platform env vars are not applied to detect and build.</summary>
    public bool ClearEnv { get; init; }

    /// <summary><c>buildpack.sbom-formats</c>: the SBOM media types the buildpack may write.</summary>
    public IReadOnlyList<string> SbomFormats { get; init; } = [];

    /// <summary><c>buildpack.exec-env</c> (Buildpack API 0.12): execution environments the buildpack applies to; empty means all.</summary>
    public IReadOnlyList<string> ExecEnv { get; init; } = [];

    /// <summary>The targets the buildpack supports, declared or inferred.</summary>
    public IReadOnlyList<TargetMetadata> Targets { get; init; } = [];

    /// <summary>The order of a composite buildpack; empty for a component buildpack.</summary>
    public Order Order { get; init; } = Order.Empty;

    /// <summary>The directory holding buildpack.toml and <c>bin/</c> (<c>CNB_BUILDPACK_DIR</c>).</summary>
    public required string RootDir { get; init; }

    /// <summary>The path of buildpack.toml.</summary>
    public string DescriptorPath => Path.Combine(RootDir, "buildpack.toml");

    /// <summary>True for a composite buildpack (one with an order).</summary>
    public bool IsComposite => Order.Groups.Count > 0;

    /// <summary><c>id@version</c>.</summary>
    public override string ToString() => $"{Id}@{Version}";
}
