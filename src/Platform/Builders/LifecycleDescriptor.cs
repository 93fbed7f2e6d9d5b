using Buildpacks.Lifecycle.Api;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// What a lifecycle is: its version and the Buildpack and Platform APIs it supports (<c>lifecycle.toml</c>, the
/// lifecycle part of <c>io.buildpacks.builder.metadata</c>, the lifecycle image's <c>io.buildpacks.lifecycle.apis</c>).
/// </summary>
/// <param name="Version">The lifecycle version.</param>
/// <param name="Buildpack">The Buildpack APIs.</param>
/// <param name="Platform">The Platform APIs.</param>
public sealed record LifecycleDescriptor(string Version, ApiSet Buildpack, ApiSet Platform)
{
    /// <summary>Our own lifecycle (src/Lifecycle): the API ranges it implements, at <paramref name="version"/>.</summary>
    public static LifecycleDescriptor OurLifecycle(string? version = null) => new(
        version ?? OurVersion,
        new ApiSet(Range(BuildpackApi.MinSupported, BuildpackApi.MaxSupported), []),
        new ApiSet(Range(PlatformApi.MinSupported, PlatformApi.MaxSupported), []));

    /// <summary>The version of our lifecycle library (the product version).</summary>
    public static string OurVersion { get; } =
        typeof(PlatformApi).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    /// <summary>True when a buildpack of API <paramref name="api"/> can run under this lifecycle.</summary>
    public bool SupportsBuildpackApi(string api) =>
        ApiVersion.TryParse(api, out var version)
        && Buildpack.Supported.Concat(Buildpack.Deprecated).Any(s => ApiVersion.TryParse(s, out var supported) && supported == version);

    /// <summary>
    /// Every minor version from <paramref name="min"/> to <paramref name="max"/>; the APIs are all 0.x, and within a
    /// major version every minor between two supported ones is supported (spec README, "API Versions").
    /// </summary>
    private static IReadOnlyList<string> Range(ApiVersion min, ApiVersion max)
    {
        var versions = new List<string>();
        for (var minor = min.Minor; new ApiVersion(min.Major, minor) <= max; minor++)
        {
            versions.Add(new ApiVersion(min.Major, minor).ToString());
        }

        return versions;
    }
}

/// <summary>The versions of one API a lifecycle supports.</summary>
/// <param name="Supported">Supported versions, oldest first.</param>
/// <param name="Deprecated">Deprecated (still working) versions.</param>
public sealed record ApiSet(IReadOnlyList<string> Supported, IReadOnlyList<string> Deprecated)
{
    /// <summary>The oldest supported version (what the deprecated single <c>api</c> field records), or null.</summary>
    public string? Earliest => Supported.Concat(Deprecated)
        .Select(s => (Text: s, Ok: ApiVersion.TryParse(s, out var v), Version: v))
        .Where(s => s.Ok)
        .OrderBy(s => s.Version)
        .Select(s => s.Text)
        .FirstOrDefault();

    /// <inheritdoc />
    public bool Equals(ApiSet? other) =>
        other is not null && Supported.SequenceEqual(other.Supported) && Deprecated.SequenceEqual(other.Deprecated);

    /// <inheritdoc />
    public override int GetHashCode() => Supported.Count;
}
