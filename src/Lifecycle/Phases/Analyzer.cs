using Buildpacks.Images;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;
using Buildpacks.Lifecycle.Toml;
using Buildpacks.Images.Model;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>The stores the analyzer and restorer read images from, one per role (they may be the same store).</summary>
/// <param name="PreviousImage">Where the previous app image is (the output image's store: registry, daemon, layout).</param>
/// <param name="RunImage">Where the run image is.</param>
public sealed record ImageStores(IImageStore PreviousImage, IImageStore RunImage)
{
    /// <summary>Both roles served by one store.</summary>
    public static ImageStores Single(IImageStore store) => new(store, store);
}

/// <summary>The inputs of the analyzer (Platform API, "analyzer" inputs).</summary>
public sealed record AnalyzerOptions
{
    /// <summary>The Platform API the analyzer runs under.</summary>
    public required PlatformApi PlatformApi { get; init; }

    /// <summary><c>&lt;image&gt;</c>: the output image; its registry is preferred when choosing a run image mirror.</summary>
    public required ImageReference OutputImage { get; init; }

    /// <summary><c>-previous-image</c> / <c>CNB_PREVIOUS_IMAGE</c>; null means the output image.</summary>
    public ImageReference? PreviousImage { get; init; }

    /// <summary><c>-run-image</c> / <c>CNB_RUN_IMAGE</c>; null means the first <c>[[images]]</c> entry of run.toml.</summary>
    public string? RunImage { get; init; }

    /// <summary><c>-run</c> / <c>CNB_RUN_PATH</c>: run.toml.</summary>
    public string? RunPath { get; init; }

    /// <summary>Where the images are read from.</summary>
    public required ImageStores Stores { get; init; }

    /// <summary><c>-layers</c> / <c>CNB_LAYERS_DIR</c>.</summary>
    public required string LayersDir { get; init; }

    /// <summary><c>-analyzed</c> / <c>CNB_ANALYZED_PATH</c>; null means <c>&lt;layers&gt;/analyzed.toml</c>.</summary>
    public string? AnalyzedPath { get; init; }

    /// <summary><c>-skip-layers</c> / <c>CNB_SKIP_LAYERS</c>: do not restore the previous image's SBOM layer.</summary>
    public bool SkipLayers { get; init; }

    /// <summary>The platform whose image is read from a multi-platform index; null means linux on this machine's architecture.</summary>
    public ImagePlatform? ImagePlatform { get; init; }
}

/// <summary>
/// The analyze phase (Platform API, "analyzer"; lc <c>phase/analyzer.go</c>): reads the previous image's lifecycle
/// metadata (a missing image, a corrupt image or an undecodable label means no previous image, not an error), restores
/// its launch SBOM layer into <c>&lt;layers&gt;/sbom/</c> unless layers are skipped, resolves the run image (from
/// <c>-run-image</c>, else the first run.toml entry, preferring a readable mirror on the output image's registry) and
/// records its digest reference and target, and writes <c>analyzed.toml</c>. Every failure exits 32.
/// </summary>
public sealed class Analyzer
{
    private readonly AnalyzerOptions _options;
    private readonly ILifecycleLog _log;

    /// <summary>Creates an analyzer.</summary>
    public Analyzer(AnalyzerOptions options, ILifecycleLog log)
    {
        _options = options;
        _log = log;
    }

    private ImagePlatform Platform => _options.ImagePlatform ?? ImageCache.CachePlatform;

    /// <summary>Analyzes and writes analyzed.toml.</summary>
    /// <exception cref="LifecycleException">Exit code 32 on any failure.</exception>
    public async Task<Analysis> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (previousReference, metadata, previous) = await ReadPreviousImageAsync(cancellationToken).ConfigureAwait(false);
            if (previous is not null && metadata.Sbom is { Sha.Length: > 0 } sbom && !_options.SkipLayers)
            {
                await RestoreSbomAsync(previous, sbom.Sha, cancellationToken).ConfigureAwait(false);
            }

            var analysis = new Analysis
            {
                PreviousImageReference = previousReference,
                Metadata = metadata,
                RunImage = await AnalyzeRunImageAsync(cancellationToken).ConfigureAwait(false),
            };
            AnalyzedToml.Write(_options.AnalyzedPath ?? PlatformDefaults.AnalyzedPath(_options.LayersDir), analysis);
            return analysis;
        }
        catch (Exception e) when (e is ImageException or CacheException or IOException or UnauthorizedAccessException or TomlFileException or InvalidImageReferenceException)
        {
            throw new LifecycleException(LifecycleExitCodes.AnalyzeError, e.Message, e);
        }
    }

    private async Task<(string? Reference, LayersMetadata Metadata, StoredImage? Image)> ReadPreviousImageAsync(CancellationToken cancellationToken)
    {
        var reference = _options.PreviousImage ?? _options.OutputImage;
        StoredImage? image;
        try
        {
            image = await _options.Stores.PreviousImage.TryReadImageAsync(reference, Platform, cancellationToken).ConfigureAwait(false);
            _ = image?.Layers; // a manifest and config that disagree make a corrupt image
        }
        catch (ImageFormatException e)
        {
            _log.Info($"Ignoring image \"{reference}\" because it was corrupt: {e.Message}");
            return (null, new LayersMetadata(), null);
        }

        if (image is null)
        {
            _log.Info($"Previous image with name \"{reference}\" not found");
            return (null, new LayersMetadata(), null);
        }

        // lc: an undecodable label leaves the previous image out altogether (no reference, no metadata).
        var metadata = LabelJson.TryParseLayersMetadata(image.Labels.GetValueOrDefault(LayersMetadata.Label));
        if (metadata is null)
        {
            _log.Debug($"Previous image \"{reference}\" has no usable {LayersMetadata.Label} label; ignoring it");
            return (null, new LayersMetadata(), null);
        }

        return (Identify(image), metadata, image);
    }

    private async Task RestoreSbomAsync(StoredImage previous, string sha, CancellationToken cancellationToken)
    {
        var layer = previous.Layers.FirstOrDefault(l => l.DiffId.ToString() == sha)
            ?? throw new LifecycleException(LifecycleExitCodes.AnalyzeError, $"retrieving launch SBOM layer: the previous image has no layer {sha}");
        _log.Info("Restoring data for SBOM from previous image");
        var blob = await previous.Store.OpenLayerAsync(previous, layer, cancellationToken).ConfigureAwait(false);
        await using (blob.ConfigureAwait(false))
        {
            await LayersDirectoryExtractor.ExtractAsync(blob, _options.LayersDir, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AnalyzedRunImage> AnalyzeRunImageAsync(CancellationToken cancellationToken)
    {
        var name = _options.RunImage ?? await SelectRunImageAsync(cancellationToken).ConfigureAwait(false);
        var reference = ImageReference.Parse(name);
        var image = await _options.Stores.RunImage.TryReadImageAsync(reference, Platform, cancellationToken).ConfigureAwait(false)
            ?? throw new LifecycleException(LifecycleExitCodes.AnalyzeError, $"run image \"{name}\" not found in {_options.Stores.RunImage.Description}");
        var runImage = new AnalyzedRunImage { Reference = Identify(image), Image = name };
        if (!_options.PlatformApi.RecordsRunImageTarget)
        {
            return runImage;
        }

        var target = RunImageTargets.FromImage(image);
        return target.Target.Os.Length == 0
            ? throw new LifecycleException(LifecycleExitCodes.AnalyzeError, $"failed to find OS in run image config of \"{name}\"")
            : runImage with { Target = target.Target, TargetId = target.Id };
    }

    private async Task<string> SelectRunImageAsync(CancellationToken cancellationToken)
    {
        var entries = _options.RunPath is { } runPath ? RunToml.Read(runPath) : [];
        if (entries.Count == 0 || entries[0].Image.Length == 0)
        {
            throw new LifecycleException(LifecycleExitCodes.AnalyzeError, "-run-image is required when there is no run image metadata available (run.toml)");
        }

        return await entries[0].BestMirrorForAsync(_options.OutputImage.Registry, IsReadableAsync, cancellationToken).ConfigureAwait(false)
            ?? throw new LifecycleException(LifecycleExitCodes.AnalyzeError, $"failed to find accessible run image among {string.Join(", ", entries[0].Names)}");
    }

    private async Task<bool> IsReadableAsync(string name, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(name, out var reference))
        {
            return false;
        }

        try
        {
            return await _options.Stores.RunImage.TryReadImageAsync(reference!, Platform, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (ImageException e)
        {
            _log.Debug($"Run image \"{name}\" is not readable: {e.Message}");
            return false;
        }
    }

    /// <summary>
    /// How analyzed.toml names an image: a daemon image by its ID (it has no stored manifest), any other by its digest
    /// reference (lc <c>image.Identifier()</c>).
    /// </summary>
    internal static string Identify(StoredImage image) =>
        image.HasSynthesizedManifest ? image.ImageId.ToString() : image.Reference.WithDigest(image.Digest).ToString();
}
