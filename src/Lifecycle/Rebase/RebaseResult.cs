using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Metadata;

namespace Buildpacks.Lifecycle.Rebase;

/// <summary>What a rebase did, or with <see cref="RebaseRequest.DryRun"/> what it would do.</summary>
public sealed record RebaseResult
{
    /// <summary>The run image the app image was on, as its metadata recorded it (a digest reference, usually).</summary>
    public required string OldRunImageReference { get; init; }

    /// <summary>The digest in <see cref="OldRunImageReference"/>, when it has one.</summary>
    public Digest? OldRunImageDigest { get; init; }

    /// <summary>The run image the app image is now on, by digest.</summary>
    public required ImageReference NewRunImage { get; init; }

    /// <summary>The new run image's manifest digest.</summary>
    public required Digest NewRunImageDigest { get; init; }

    /// <summary>The app image's digest before the rebase.</summary>
    public required Digest OldImageDigest { get; init; }

    /// <summary>The rebased image's manifest digest (what it is, or would be, in the store).</summary>
    public required Digest NewImageDigest { get; init; }

    /// <summary>How many layers of the old run image were replaced.</summary>
    public required int RemovedBaseLayers { get; init; }

    /// <summary>How many layers of the new run image went in their place.</summary>
    public required int AddedBaseLayers { get; init; }

    /// <summary>How many app layers were kept on top.</summary>
    public required int KeptAppLayers { get; init; }

    /// <summary>The metadata label of the rebased image.</summary>
    public required LayersMetadata Metadata { get; init; }

    /// <summary>Checks that failed but were overridden by force.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The write, or null for a dry run (or when nothing changed and nothing was written).</summary>
    public ImageWriteResult? Write { get; init; }

    /// <summary>Whether the new image is the app image already (same run image): rebasing changed nothing.</summary>
    public bool Unchanged => NewImageDigest == OldImageDigest;
}
