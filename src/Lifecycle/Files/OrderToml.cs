using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Toml;

namespace Buildpacks.Lifecycle.Files;

/// <summary>
/// <c>order.toml</c>: <c>[[order]] [[order.group]] id, version, optional</c> (Platform API, "order.toml"). The same
/// shape is a composite buildpack's <c>[[order]]</c> in buildpack.toml.
/// </summary>
public static class OrderToml
{
    /// <summary>Reads an order file.</summary>
    /// <exception cref="TomlFileException">The file is malformed.</exception>
    public static Order Read(string path) => ReadOrder(TomlDocument.Load(path).Root);

    internal static Order ReadOrder(TomlSection root)
    {
        var groups = new List<OrderGroup>();
        foreach (var order in root.GetTableArray("order"))
        {
            groups.Add(new OrderGroup(order.GetTableArray("group").Select(ReadElement).ToList()));
        }

        return new Order(groups);
    }

    internal static GroupElement ReadElement(TomlSection element) =>
        new(element.GetRequiredString("id"), element.GetString("version") ?? "", element.GetBool("optional"));
}
