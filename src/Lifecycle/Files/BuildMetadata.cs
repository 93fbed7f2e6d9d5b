using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Launch;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// What the builder records in <c>&lt;layers&gt;/config/metadata.toml</c> for the exporter and the launcher
/// (Platform API, "metadata.toml").
/// </summary>
/// <param name="Buildpacks">The buildpacks of the group, with API and homepage.</param>
/// <param name="Processes">The merged processes, sorted by type.</param>
/// <param name="Labels">The labels of every buildpack, in group order (later wins on export).</param>
/// <param name="Slices">The application slices of every buildpack, in group order.</param>
/// <param name="BuildpackDefaultProcessType">The default process type, if any.</param>
public sealed record BuildMetadata(
    IReadOnlyList<GroupElement> Buildpacks,
    IReadOnlyList<LaunchProcess> Processes,
    IReadOnlyList<LaunchLabel> Labels,
    IReadOnlyList<AppSlice> Slices,
    string? BuildpackDefaultProcessType);
