using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>system.toml</c> (Platform API 0.15): <c>[system] [[system.pre.buildpacks]]</c> and <c>[[system.post.buildpacks]]</c>,
/// buildpacks added before and after every group of the order.
/// </summary>
/// <param name="Pre">Buildpacks prepended to every group.</param>
/// <param name="Post">Buildpacks appended to every group.</param>
public sealed record SystemBuildpacks(IReadOnlyList<GroupElement> Pre, IReadOnlyList<GroupElement> Post)
{
    /// <summary>No system buildpacks.</summary>
    public static SystemBuildpacks None { get; } = new([], []);

    /// <summary>Reads <paramref name="path"/>; a missing file means no system buildpacks.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static SystemBuildpacks Read(string path)
    {
        if (!File.Exists(path))
        {
            return None;
        }

        var system = TomlDocument.Load(path).Root.GetTable("system");
        if (system is not { } s)
        {
            return None;
        }

        return new SystemBuildpacks(ReadList(s, "pre"), ReadList(s, "post"));
    }

    private static IReadOnlyList<GroupElement> ReadList(TomlSection system, string key) =>
        system.GetTable(key)?.GetTableArray("buildpacks").Select(OrderToml.ReadElement).ToList() ?? [];

    /// <summary>
    /// Adds the system buildpacks to every group of <paramref name="order"/>; a system buildpack whose id the group
    /// already has is skipped (lifecycle phase/detector: getOrderWithSystem).
    /// </summary>
    public Order ApplyTo(Order order)
    {
        if (Pre.Count == 0 && Post.Count == 0)
        {
            return order;
        }

        return new Order(order.Groups.Select(group =>
        {
            var ids = group.Elements.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            var elements = Pre.Where(e => !ids.Contains(e.Id))
                .Concat(group.Elements)
                .Concat(Post.Where(e => !ids.Contains(e.Id)))
                .ToList();
            return new OrderGroup(elements);
        }).ToList());
    }
}
