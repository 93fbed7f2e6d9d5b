using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Platform.Labels;

/// <summary>Orders and targets between the lifecycle's model and the label JSON.</summary>
internal static class OrderJson
{
    public static List<OrderEntryJson> ToJson(Order order) =>
        order.Groups.Select(g => new OrderEntryJson
        {
            Group = g.Elements.Select(e => new ModuleRefJson
            {
                Id = e.Id,
                Version = e.Version.Length == 0 ? null : e.Version,
                Optional = e.Optional ? true : null,
            }).ToList(),
        }).ToList();

    public static Order FromJson(IEnumerable<OrderEntryJson>? order) =>
        order is null
            ? Order.Empty
            : new Order(order.Select(g => new OrderGroup(g.Group.Select(e => new GroupElement(e.Id, e.Version ?? "", e.Optional ?? false)).ToList())).ToList());

    public static List<TargetJson> ToJson(IEnumerable<TargetMetadata> targets) =>
        targets.Select(t => new TargetJson
        {
            Os = t.Os,
            Arch = t.Arch,
            Variant = t.ArchVariant.Length == 0 ? null : t.ArchVariant,
            Distros = t.Distros.Count == 0 ? null : t.Distros.Select(d => new DistroJson { Name = d.Name, Version = d.Version }).ToList(),
        }).ToList();

    public static IReadOnlyList<TargetMetadata> FromJson(IEnumerable<TargetJson>? targets) =>
        targets?.Select(t => new TargetMetadata(
            t.Os,
            t.Arch,
            t.Variant ?? "",
            t.Distros?.Select(d => new OsDistro(d.Name ?? "", d.Version ?? "")).ToList() ?? [])).ToList() ?? [];
}
