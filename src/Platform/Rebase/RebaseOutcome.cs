using Buildpacks.Images.References;
using Buildpacks.Lifecycle.Rebase;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Rebase;

/// <summary>What happened to one image of a rebase call: a result, or the coded error that stopped it.</summary>
public sealed record RebaseOutcome
{
    /// <summary>The request this answers.</summary>
    public required RebaseImageRequest Request { get; init; }

    /// <summary>The rebase, when it went through (or, for a dry run, would).</summary>
    public RebaseResult? Result { get; init; }

    /// <summary>Why the image was not rebased; nothing was written for it.</summary>
    public CodedMessage? Error { get; init; }

    /// <summary>The names the result was (or would be) written under.</summary>
    public IReadOnlyList<ImageReference> Tags { get; init; } = [];

    /// <summary>The store the image lives in, for messages.</summary>
    public string StoreDescription { get; init; } = "";

    /// <summary>Checks that failed but were overridden by force (BP5092).</summary>
    public IReadOnlyList<CodedMessage> Warnings { get; init; } = [];

    /// <summary>Whether the image was rebased (or, for a dry run, could be).</summary>
    public bool Succeeded => Result is not null;

    /// <summary>For a multi-platform app image: the index and every platform's rebase (<see cref="Result"/> is the first's).</summary>
    public IndexRebase? Index { get; init; }

    /// <summary>The report line: BP5090 for a rebase, BP5091 for a dry run, BP5093 and BP5094 for an index; null when it failed.</summary>
    public CodedMessage? Report => Result is not { } result
        ? null
        : Index is { } index
            ? IndexReport(index)
        : IsDryRun
            ? CodedMessage.Format(Messages.RebaseDryRun, Request.Image, OldRunImage(result), result.NewRunImageDigest, result.NewImageDigest)
            : CodedMessage.Format(Messages.Rebased, Request.Image, OldRunImage(result), result.NewRunImageDigest, result.NewImageDigest, $"{string.Join(", ", Tags)} ({StoreDescription})");

    /// <summary>Whether nothing was meant to be written.</summary>
    public bool IsDryRun { get; init; }

    private CodedMessage IndexReport(IndexRebase index)
    {
        var platforms = string.Join("; ", index.Platforms.Select(p => $"{p.Platform}: {OldRunImage(p.Result)} → {p.Result.NewRunImageDigest}, image {p.Result.NewImageDigest}"));
        return IsDryRun || index.NewIndexDigest is not { } written
            ? CodedMessage.Format(Messages.IndexRebaseDryRun, Request.Image, index.OldIndexDigest, platforms)
            : CodedMessage.Format(Messages.IndexRebased, Request.Image, index.OldIndexDigest, written, platforms, $"{string.Join(", ", Tags)} ({StoreDescription})", index.Copied.BlobsCopied, index.Copied.BytesCopied);
    }

    private static string OldRunImage(RebaseResult result) =>
        result.OldRunImageDigest?.ToString() ?? (result.OldRunImageReference.Length > 0 ? result.OldRunImageReference : "(no run image recorded)");
}
