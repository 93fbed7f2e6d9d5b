using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>
/// A buildpack as images carry it: what it is (id, version, API, targets, order of a composite) and the one layer
/// holding it at <c>/cnb/buildpacks/&lt;escaped id&gt;/&lt;version&gt;/</c> (distribution spec). The same value comes from a
/// directory just written into a layer, from a package's layer or from a builder's layer, so a buildpack moves between
/// packages and builders as the same bytes.
/// </summary>
public sealed record BuildpackLayer
{
    /// <summary>The buildpack id.</summary>
    public required string Id { get; init; }

    /// <summary>The buildpack version.</summary>
    public required string Version { get; init; }

    /// <summary>The Buildpack API it implements, e.g. <c>0.11</c>.</summary>
    public required string Api { get; init; }

    /// <summary>The display name, if any.</summary>
    public string? Name { get; init; }

    /// <summary>The homepage, if any.</summary>
    public string? Homepage { get; init; }

    /// <summary>The targets it supports (declared, or inferred by the lifecycle's rules); empty means any.</summary>
    public IReadOnlyList<TargetMetadata> Targets { get; init; } = [];

    /// <summary>The deprecated stacks it supports, as older packages list them.</summary>
    public IReadOnlyList<BuildpackStack> Stacks { get; init; } = [];

    /// <summary>The order of a composite buildpack; empty for a component buildpack.</summary>
    public Order Order { get; init; } = Order.Empty;

    /// <summary>The layer and where its bytes come from.</summary>
    public required LayerToWrite Layer { get; init; }

    /// <summary>Where the buildpack came from (a directory, file or image), for messages.</summary>
    public required string Source { get; init; }

    /// <summary>The diff ID of the layer (what <c>io.buildpacks.buildpack.layers</c> records).</summary>
    public Digest DiffId => Layer.DiffId;

    /// <summary>True for a composite buildpack.</summary>
    public bool IsComposite => Order.Groups.Count > 0;

    /// <summary>The directory the layer puts the buildpack in.</summary>
    public string ImageDirectory => BuildpackLayout.DirectoryOf(Id, Version);

    /// <summary><c>id@version</c>.</summary>
    public override string ToString() => $"{Id}@{Version}";
}

/// <summary>A deprecated stack a buildpack supports.</summary>
/// <param name="Id">The stack id; <c>*</c> means any.</param>
/// <param name="Mixins">Mixins it needs.</param>
public sealed record BuildpackStack(string Id, IReadOnlyList<string> Mixins);
