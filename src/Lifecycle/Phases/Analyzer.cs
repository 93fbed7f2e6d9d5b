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

/// <summary>
/// The analyze phase (Platform API, "analyzer"; lc <c>phase/analyzer.go</c>): reads the previous image's lifecycle
/// metadata (a missing image, a corrupt image or an undecodable label means no previous image, not an error), restores
/// its launch SBOM layer into <c>&lt;layers&gt;/sbom/</c> unless layers are skipped, resolves the run image (from
/// <c>-run-image</c>, else the first run.toml entry, preferring a readable mirror on the output image's registry) and
/// records its digest reference and target, and writes <c>analyzed.toml</c>. Every failure exits 32. Reads
/// <see cref="LifecycleInputs.OutputImage"/>, <c>PreviousImage</c>, <c>RunImage</c>, <c>RunPath</c>, <c>Store</c>,
/// <c>RunImageStore</c>, <c>LayersDir</c>, <c>AnalyzedPath</c>, <c>SkipLayers</c> and <c>ImagePlatform</c>.
/// </summary>
public sealed class Analyzer
{
    private readonly LifecycleInputs _inputs;
    private readonly IImageStore _previousImages;
    private readonly IImageStore _runImages;
    private readonly ILifecycleLog _log;

    /// <summary>Creates an analyzer.</summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> name no output image or no image store.</exception>
    public Analyzer(LifecycleInputs inputs, ILifecycleLog log)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Tags.Count == 0 || inputs.Store is null)
        {
            throw new ArgumentException("The analyzer needs an output image and an image store.", nameof(inputs));
        }

        _inputs = inputs;
        _previousImages = inputs.Store;
        _runImages = inputs.RunImageStore ?? inputs.Store;
        _log = log;
    }

    private ImagePlatform Platform => _inputs.ImagePlatform;

    /// <summary>Analyzes and writes analyzed.toml.</summary>
    /// <exception cref="LifecycleException">Exit code 32 on any failure.</exception>
    public async Task<Analysis> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (previousReference, metadata, previous) = await ReadPreviousImageAsync(cancellationToken).ConfigureAwait(false);
            if (previous is not null && metadata.Sbom is { Sha.Length: > 0 } sbom && !_inputs.SkipLayers)
            {
                await RestoreSbomAsync(previous, sbom.Sha, cancellationToken).ConfigureAwait(false);
            }

            var analysis = new Analysis
            {
                PreviousImageReference = previousReference,
                Metadata = metadata,
                RunImage = await AnalyzeRunImageAsync(cancellationToken).ConfigureAwait(false),
            };
            AnalyzedToml.Write(_inputs.AnalyzedPath, analysis);
            return analysis;
        }
        catch (Exception e) when (e is ImageException or CacheException or IOException or UnauthorizedAccessException or TomlFileException or InvalidImageReferenceException)
        {
            throw new LifecycleException(LifecycleExitCodes.AnalyzeError, e.Message, e);
        }
    }

    private async Task<(string? Reference, LayersMetadata Metadata, StoredImage? Image)> ReadPreviousImageAsync(CancellationToken cancellationToken)
    {
        var reference = _inputs.PreviousImage ?? _inputs.OutputImage;
        StoredImage? image;
        try
        {
            image = await _previousImages.TryReadImageAsync(reference, Platform, cancellationToken).ConfigureAwait(false);
            _ = image?.Layers; // a manifest and config that disagree make a corrupt image
        }
        catch (ImageFormatException e)
        {
            _log.Info($"Ignoring image \"{reference}\" because it was corrupt: {e.Message}");
            return (null, new LayersMetadata(), null);
        }
        catch (Images.Registry.RegistryAuthenticationException e)
        {
            // A registry may refuse to read a repository that does not exist yet (Docker Hub answers 401 for one outside
            // the caller's namespace): imgutil takes a 401 for "no previous image", and so does this. Credentials that
            // truly lack access fail at the export, which says so.
            _log.Warn($"Previous image \"{reference}\" could not be read ({e.Message}); building without it");
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
            await LayersDirectoryExtractor.ExtractAsync(blob, _inputs.LayersDir, _inputs.ImageLayersDir, !_inputs.BuildUserIsThisUser, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AnalyzedRunImage> AnalyzeRunImageAsync(CancellationToken cancellationToken)
    {
        var name = _inputs.RunImage ?? await SelectRunImageAsync(cancellationToken).ConfigureAwait(false);
        var reference = ImageReference.Parse(name);
        var image = await _runImages.TryReadImageAsync(reference, Platform, cancellationToken).ConfigureAwait(false)
            ?? throw new LifecycleException(LifecycleExitCodes.AnalyzeError, $"run image \"{name}\" not found in {_runImages.Description}");
        var runImage = new AnalyzedRunImage { Reference = Identify(image), Image = name };
        if (!_inputs.PlatformApi.RecordsRunImageTarget)
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
        var entries = _inputs.RunPath is { } runPath ? RunToml.Read(runPath) : [];
        if (entries.Count == 0 || entries[0].Image.Length == 0)
        {
            throw new LifecycleException(LifecycleExitCodes.AnalyzeError, "-run-image is required when there is no run image metadata available (run.toml)");
        }

        return await entries[0].BestMirrorForAsync(_inputs.OutputImage.Registry, IsReadableAsync, cancellationToken).ConfigureAwait(false)
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
            return await _runImages.TryReadImageAsync(reference!, Platform, cancellationToken).ConfigureAwait(false) is not null;
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
