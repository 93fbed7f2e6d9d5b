using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Metadata;

namespace Buildpacks.Lifecycle.Export;

/// <summary>What an export did.</summary>
/// <param name="Image">The written image: digests and transfer statistics.</param>
/// <param name="Metadata">The <c>io.buildpacks.lifecycle.metadata</c> label written.</param>
/// <param name="Report">The report (also written to report.toml when asked).</param>
/// <param name="AddedLayers">Ids of layers written afresh, bottom to top.</param>
/// <param name="ReusedLayers">Ids of layers taken from the previous image, bottom to top.</param>
/// <param name="CacheExported">Whether the build cache was updated (false when there is none or it failed: a warning).</param>
public sealed record ExportResult(
    ImageWriteResult Image,
    LayersMetadata Metadata,
    ImageReport Report,
    IReadOnlyList<string> AddedLayers,
    IReadOnlyList<string> ReusedLayers,
    bool CacheExported);
