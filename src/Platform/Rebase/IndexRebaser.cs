using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Lifecycle.Rebase;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Rebase;

/// <summary>
/// Rebases a multi-platform app image (an image index): every platform's image onto the run image's image for that
/// platform, each written under <c>&lt;tag&gt;-&lt;rid&gt;</c> (the names a multi-platform publish gives them, so those move
/// too), then a new index over them under the tags. In a registry no layer moves: the app layers stay where they are
/// and the new run image's are mounted or already there. Any platform refused or failing stops the whole: no index is
/// written that mixes old and new bases.
/// </summary>
internal sealed class IndexRebaser(Rebaser rebaser)
{
    public async Task<RebaseOutcome> RebaseAsync(
        RebaseImageRequest request,
        StoredIndex index,
        ImageLocation app,
        ImageLocation? runImage,
        IImageStore runImageStore,
        IReadOnlyList<ImageReference> tags,
        RebaseOptions options,
        CancellationToken cancellationToken)
    {
        var entries = index.PlatformManifests;
        if (entries.Count == 0)
        {
            throw new ImageFormatException($"The index {app.Text} lists no image of a platform, so there is nothing to rebase.");
        }

        // Every platform is checked before any is written (a dry run of each, whose reads the store keeps), so that a
        // platform refused or failing leaves every tag as it was: no <tag>-<rid> moved under an index still pointing at
        // the old images.
        var platforms = await RebaseEachAsync(dryRun: true).ConfigureAwait(false);
        if (!options.DryRun)
        {
            platforms = await RebaseEachAsync(dryRun: false).ConfigureAwait(false);
        }

        async Task<List<PlatformRebase>> RebaseEachAsync(bool dryRun)
        {
            var each = new List<PlatformRebase>();
            foreach (var entry in entries)
            {
                var platform = entry.Platform!;
                var name = PlatformName(tags[0], platform);
                var result = await rebaser.RebaseAsync(
                    new RebaseRequest
                    {
                        Store = index.Store,
                        AppImage = app.Reference,
                        Tags = [name],
                        RunImage = runImage?.Reference,
                        RunImageStore = runImageStore,
                        Force = options.Force,
                        DryRun = dryRun,
                        IsCheck = dryRun && !options.DryRun,
                        Platform = platform,
                    },
                    cancellationToken).ConfigureAwait(false);
                each.Add(new PlatformRebase(platform, name, result));
            }

            return each;
        }

        IndexWriteResult? written = null;
        if (!options.DryRun)
        {
            var images = new List<StoredImage>();
            foreach (var platform in platforms)
            {
                images.Add(await index.Store.TryReadImageAsync(platform.Name, platform.Platform, cancellationToken).ConfigureAwait(false)
                    ?? throw new ImageFormatException($"The rebased image {platform.Name} for {platform.Platform} cannot be read back from {index.Store.Description}."));
            }

            written = await index.Store.WriteIndexAsync(new IndexWriteRequest { Tags = tags, Images = images, Annotations = index.Index.Annotations }, cancellationToken).ConfigureAwait(false);
        }

        var first = platforms[0].Result;
        return new RebaseOutcome
        {
            Request = request,
            Result = first,
            Index = new IndexRebase(index.Descriptor.Digest, written?.Index.Digest, platforms),
            Tags = tags,
            StoreDescription = index.Store.Description,
            IsDryRun = options.DryRun,
            Warnings = platforms.SelectMany(p => p.Result.Warnings.Select(w => CodedMessage.Format(Messages.RebaseForced, $"{app.Text} ({p.Platform})", w))).ToList(),
        };
    }

    /// <summary>The name of one platform's image: <c>&lt;tag&gt;-&lt;rid&gt;</c> in the index's repository.</summary>
    public static ImageReference PlatformName(ImageReference tag, ImagePlatform platform) =>
        RuntimeIdentifierPlatform.PlatformImageName(tag, RuntimeIdentifierPlatform.RuntimeIdentifierOf(platform));
}

/// <summary>A multi-platform rebase: the index before and after, and each platform's rebase.</summary>
/// <param name="OldIndexDigest">The index rebased.</param>
/// <param name="NewIndexDigest">The index written; null for a dry run.</param>
/// <param name="Platforms">Each platform's rebase, in index order.</param>
public sealed record IndexRebase(Digest OldIndexDigest, Digest? NewIndexDigest, IReadOnlyList<PlatformRebase> Platforms)
{
    /// <summary>
    /// What the platforms' writes copied, added up: in a registry or layout that holds both the app and the new run
    /// image, one blob per platform, its new config; no layer.
    /// </summary>
    public TransferStatistics Copied => new()
    {
        BlobsCopied = Platforms.Sum(p => p.Result.Write?.Statistics.BlobsCopied ?? 0),
        BytesCopied = Platforms.Sum(p => p.Result.Write?.Statistics.BytesCopied ?? 0),
        BlobsMounted = Platforms.Sum(p => p.Result.Write?.Statistics.BlobsMounted ?? 0),
        BlobsSkipped = Platforms.Sum(p => p.Result.Write?.Statistics.BlobsSkipped ?? 0),
    };
}

/// <summary>One platform of a multi-platform rebase.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="Name">The name its rebased image was (or would be) written under.</param>
/// <param name="Result">The rebase.</param>
public sealed record PlatformRebase(ImagePlatform Platform, ImageReference Name, RebaseResult Result);
