namespace Buildpacks.Lifecycle.Buildpacks;

/// <summary>
/// An order: groups of buildpacks tried one after the other until one passes detection (Platform API, "order.toml";
/// Buildpack API, composite buildpacks' <c>[[order]]</c>).
/// </summary>
/// <param name="Groups">The groups, in the order they are tried.</param>
public sealed record Order(IReadOnlyList<OrderGroup> Groups)
{
    /// <summary>An order with no groups.</summary>
    public static Order Empty { get; } = new([]);
}

/// <summary>One group of an order.</summary>
/// <param name="Elements">The buildpacks of the group, in order.</param>
public sealed record OrderGroup(IReadOnlyList<GroupElement> Elements);
