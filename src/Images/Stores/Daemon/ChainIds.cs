using System.Text;
using Buildpacks.Images.Model;

namespace Buildpacks.Images.Stores.Daemon;

/// <summary>
/// Chain IDs (image-spec config.md "Layer ChainID"): the identity of a layer together with every layer under it.
/// The daemon's layer store is keyed by them, which is how <c>docker load</c> knows it has a layer already.
/// </summary>
public static class ChainIds
{
    /// <summary>The chain ID of each prefix of <paramref name="diffIds"/>, base first.</summary>
    public static IReadOnlyList<Digest> Of(IEnumerable<Digest> diffIds)
    {
        ArgumentNullException.ThrowIfNull(diffIds);
        var chain = new List<Digest>();
        foreach (var diffId in diffIds)
        {
            chain.Add(chain.Count == 0 ? diffId : Digest.Compute(Encoding.ASCII.GetBytes($"{chain[^1]} {diffId}")));
        }

        return chain;
    }
}
