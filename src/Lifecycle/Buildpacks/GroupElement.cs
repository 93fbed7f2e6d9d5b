namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>
/// A buildpack reference in an order (<c>order.toml</c>, a composite's <c>[[order.group]]</c>) or in a resolved group
/// (<c>group.toml</c>). <see cref="Api"/> and <see cref="Homepage"/> are filled from buildpack.toml once detect looks
/// the buildpack up; <see cref="Optional"/> only has meaning in an order.
/// </summary>
/// <param name="Id">The buildpack id.</param>
/// <param name="Version">The buildpack version.</param>
/// <param name="Optional">Whether the group may pass without this buildpack.</param>
/// <param name="Api">The Buildpack API the buildpack implements (group.toml).</param>
/// <param name="Homepage">The buildpack's homepage (group.toml).</param>
public sealed record GroupElement(string Id, string Version, bool Optional = false, string? Api = null, string? Homepage = null)
{
    /// <summary><c>id@version</c>, the way the lifecycle names a buildpack in messages.</summary>
    public override string ToString() => $"{Id}@{Version}";
}
