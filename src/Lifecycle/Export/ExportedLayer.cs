using Buildpacks.Images.Layers;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// A layer the exporter wrote to its scratch directory: the id the reference lifecycle gives it (e.g.
/// <c>buildpacksio/lifecycle:launcher</c>, <c>my/bp:node</c>, <c>slice-1</c>), its history text and the written blob.
/// </summary>
/// <param name="Id">The layer id, for log lines and errors.</param>
/// <param name="CreatedBy">The history entry's <c>created_by</c>.</param>
/// <param name="Written">The blob on disk with its digests.</param>
public sealed record ExportedLayer(string Id, string CreatedBy, WrittenLayer Written)
{
    /// <summary>The layer's diff ID as the lifecycle metadata label records it.</summary>
    public string Sha => Written.DiffId.ToString();
}
