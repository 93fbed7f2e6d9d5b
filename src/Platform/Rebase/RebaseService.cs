using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Rebase;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Rebase;

/// <summary>
/// Rebases app images onto a run image, the platform side of the lifecycle's <see cref="Rebaser"/>: each name is
/// resolved to its store (registry, daemon or OCI layout), the run image defaults to the one the app records (re-read
/// from its registry, so a moved tag gives its newest digest, mirrors in the app's registry first), and many images go
/// at once, a bounded number in flight. Each image gets its own outcome: one refused or failing image neither stops
/// nor hides the others, and nothing is written for it.
/// </summary>
public sealed class RebaseService
{
    private readonly RebaseStores _stores;
    private readonly Rebaser _rebaser;
    private readonly IndexRebaser _indexRebaser;

    /// <summary>A service over <paramref name="stores"/>, logging the rebaser's progress to <paramref name="log"/>.</summary>
    public RebaseService(RebaseStores stores, ILifecycleLog log)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(log);
        _stores = stores;

        // Checks overridden by force come back as coded warnings in each outcome; the rebaser's own would repeat them.
        _rebaser = new Rebaser(new WarningsAsDetailLog(log));
        _indexRebaser = new IndexRebaser(_rebaser);
    }

    /// <summary>Rebases every image of <paramref name="images"/>; the outcomes are in the same order.</summary>
    public async Task<IReadOnlyList<RebaseOutcome>> RebaseAsync(IReadOnlyList<RebaseImageRequest> images, RebaseOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        using var slots = new SemaphoreSlim(Math.Max(1, options.MaxParallelism));
        var running = images.Select(async image =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await RebaseOneAsync(image, options, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        return await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task<RebaseOutcome> RebaseOneAsync(RebaseImageRequest image, RebaseOptions options, CancellationToken cancellationToken)
    {
        ImageLocation app;
        ImageLocation? runImage;
        IReadOnlyList<ImageReference> tags;
        try
        {
            app = ImageLocation.Parse(image.Image, image.Source);
            var runImageName = string.IsNullOrWhiteSpace(image.RunImage) ? options.RunImage : image.RunImage;
            runImage = string.IsNullOrWhiteSpace(runImageName) ? null : ImageLocation.Parse(runImageName, "BuildpackRunImage");
            tags = [TagOf(app, image.Tag, options.DryRun)];
        }
        catch (CodedException e)
        {
            return new RebaseOutcome { Request = image, Error = e.Coded, IsDryRun = options.DryRun };
        }

        var store = _stores.For(app);

        // The recorded run image is re-read from its registry: that is where a patched run image is published.
        var runImageStore = runImage is null ? _stores.Registry : _stores.For(runImage);
        try
        {
            // A multi-platform app image (an index) is rebased platform by platform, unless BuildpackPlatform picks one.
            if (options.Platform is null && store is IImageIndexStore indexStore
                && await indexStore.TryReadIndexAsync(app.Reference, cancellationToken).ConfigureAwait(false) is { } index)
            {
                return await _indexRebaser.RebaseAsync(image, index, app, runImage, runImageStore, tags, options, cancellationToken).ConfigureAwait(false);
            }

            var result = await _rebaser.RebaseAsync(
                new RebaseRequest
                {
                    Store = store,
                    AppImage = app.Reference,
                    Tags = tags,
                    RunImage = runImage?.Reference,
                    RunImageStore = runImageStore,
                    Force = options.Force,
                    DryRun = options.DryRun,
                    Platform = options.Platform,
                },
                cancellationToken).ConfigureAwait(false);
            return new RebaseOutcome
            {
                Request = image,
                Result = result,
                Tags = result.Write?.Tags ?? tags,
                StoreDescription = store.Description,
                IsDryRun = options.DryRun,
                Warnings = result.Warnings.Select(w => CodedMessage.Format(Messages.RebaseForced, app.Text, w)).ToList(),
            };
        }
        catch (Exception e) when (RebaseErrors.ToMessage(e, app, runImage, store.Description, runImageStore.Description) is { } message
            && !cancellationToken.IsCancellationRequested)
        {
            return new RebaseOutcome { Request = image, Error = message, Tags = tags, StoreDescription = store.Description, IsDryRun = options.DryRun };
        }
    }

    // Where the result goes: the given tag or name, else the app image's own tag. A digest-only name has no tag to
    // write (except in a dry run, which writes nothing).
    private static ImageReference TagOf(ImageLocation app, string? tag, bool dryRun)
    {
        if (!string.IsNullOrWhiteSpace(tag))
        {
            return app.Retagged(tag);
        }

        if (app.Reference.Tag is { } own)
        {
            return app.Reference.WithTag(own);
        }

        return dryRun ? app.Reference : throw CodedException.Of(Messages.RebaseNeedsTag, app.Text);
    }

    private sealed class WarningsAsDetailLog(ILifecycleLog inner) : ILifecycleLog
    {
        public void Write(LifecycleLogLevel level, string message) =>
            inner.Write(level == LifecycleLogLevel.Warn ? LifecycleLogLevel.Debug : level, message);

        public void BuildpackOutput(BuildpackOutputLine line) => inner.BuildpackOutput(line);
    }
}
