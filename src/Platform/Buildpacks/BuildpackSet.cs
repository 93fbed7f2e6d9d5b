using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// The buildpacks going into one image, each id@version once. The same buildpack reached twice (a component listed
/// on its own and inside a composite package) is kept once when its layer is the same; two different layers under one
/// id@version are an error rather than pack's silent "last one wins".
/// </summary>
public sealed class BuildpackSet
{
    private readonly List<BuildpackLayer> _buildpacks = [];

    /// <summary>The buildpacks in the order they were first added.</summary>
    public IReadOnlyList<BuildpackLayer> Buildpacks => _buildpacks;

    /// <summary>Adds <paramref name="buildpacks"/>, skipping ones already present with the same layer.</summary>
    public void AddRange(IEnumerable<BuildpackLayer> buildpacks)
    {
        foreach (var buildpack in buildpacks)
        {
            var existing = Find(buildpack.Id, buildpack.Version);
            if (existing is null)
            {
                _buildpacks.Add(buildpack);
            }
            else if (existing.DiffId != buildpack.DiffId)
            {
                throw new BuildpackException(
                    $"The buildpack {buildpack} comes from both {existing.Source} and {buildpack.Source} with different contents "
                    + $"(layers {existing.DiffId} and {buildpack.DiffId}); give each id@version once, or bump the version of the changed one.");
            }
        }
    }

    /// <summary>The buildpack with <paramref name="id"/> and <paramref name="version"/>, if present.</summary>
    public BuildpackLayer? Find(string id, string version) =>
        _buildpacks.FirstOrDefault(b => b.Id == id && b.Version == version);

    /// <summary>
    /// Fills in the versions an order leaves out (allowed when exactly one version of the id is present, as in pack) and
    /// checks every buildpack it names is present.
    /// </summary>
    public Order Resolve(Order order, string owner)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new Order(order.Groups.Select(g => new OrderGroup(g.Elements.Select(e => Resolve(e, owner)).ToList())).ToList());
    }

    /// <summary>Checks that every composite's order names buildpacks that are present.</summary>
    public void RequireCompositeComponents()
    {
        foreach (var composite in _buildpacks.Where(b => b.IsComposite))
        {
            Resolve(composite.Order, $"the order of composite buildpack {composite}");
        }
    }

    private GroupElement Resolve(GroupElement element, string owner)
    {
        var versions = _buildpacks.Where(b => b.Id == element.Id).Select(b => b.Version).Distinct().ToList();
        if (versions.Count == 0)
        {
            throw new BuildpackException($"{Capitalize(owner)} names buildpack {element.Id}, which is not among the buildpacks given; add it (or a package that holds it).");
        }

        if (element.Version.Length == 0)
        {
            return versions.Count == 1
                ? element with { Version = versions[0] }
                : throw new BuildpackException($"{Capitalize(owner)} names buildpack {element.Id} without a version, but versions {string.Join(", ", versions)} are given; say which version.");
        }

        return versions.Contains(element.Version)
            ? element
            : throw new BuildpackException($"{Capitalize(owner)} names buildpack {element}, but only version(s) {string.Join(", ", versions)} of it are given; fix the version or add that one.");
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
