using Buildpacks.Images;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Files;
using Buildpacks.Lifecycle.Logging;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Rebase;

/// <summary>
/// Moves an app image onto another run image without rebuilding it (Platform API, "rebaser"; lifecycle
/// phase/rebaser.go; notes §4). Only the manifest and config are rewritten: the layers up to the recorded run image
/// top layer are replaced by the new run image's, the app's layers above stay as they are (reused from the app image,
/// so a registry moves no layer bytes), os/arch come from the new base, its <c>io.buildpacks.stack.*</c> and
/// <c>io.buildpacks.base.*</c> labels replace the old ones, and the metadata label records the new top layer and
/// reference. The image's <c>created</c> is the constant time, so rebasing twice gives the same digest.
/// </summary>
public sealed class Rebaser
{
    private const string RebasableLabel = "io.buildpacks.rebasable";
    private const string StackIdLabel = "io.buildpacks.stack.id";
    private const string MixinsLabel = "io.buildpacks.stack.mixins";
    private const string DistroNameLabel = "io.buildpacks.base.distro.name";
    private const string DistroVersionLabel = "io.buildpacks.base.distro.version";
    private const string ForceHint = "please provide -force to override";

    private readonly ILifecycleLog _log;

    /// <summary>Creates a rebaser.</summary>
    public Rebaser(ILifecycleLog log)
    {
        _log = log;
    }

    /// <summary>Rebases, or with <see cref="RebaseRequest.DryRun"/> computes the result without writing.</summary>
    /// <exception cref="RebaseException">A check refused the rebase, or an image is missing (exit code 72).</exception>
    /// <exception cref="ImageException">A store failed.</exception>
    public async Task<RebaseResult> RebaseAsync(RebaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Tags is null && request.AppImage is { Digest: not null, Tag: null } && !request.DryRun)
        {
            throw new ArgumentException($"{request.AppImage} names the app image by digest only: give the tags to write the rebased image under.", nameof(request));
        }

        // A daemon holds one platform of a name: the app image's own, whatever this machine is (pack rebase reads it so:
        // an amd64 image on an Apple silicon Mac). A registry's index gives this machine's platform unless told.
        var platform = request.Platform
            ?? (request.Store is Images.Stores.Daemon.DaemonImageStore daemon ? await daemon.TryGetPlatformAsync(request.AppImage, cancellationToken).ConfigureAwait(false) : null)
            ?? Images.Model.ImagePlatform.Current;
        var app = await request.Store.TryReadImageAsync(request.AppImage, platform, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            throw new AppImageNotFoundException($"the app image {request.AppImage} was not found in {request.Store.Description}");
        }

        var metadata = LabelJson.TryParseLayersMetadata(app.Labels.GetValueOrDefault(LayersMetadata.Label))
            ?? throw new MissingRebaseMetadataException(
                $"the app image {request.AppImage} has no readable '{LayersMetadata.Label}' label; only images built by a buildpacks lifecycle can be rebased");
        var newBase = await ReadRunImageAsync(request, app, metadata, cancellationToken).ConfigureAwait(false);

        var warnings = new List<string>();
        Validate(request, app, newBase, metadata, warnings);
        var updated = UpdateMetadata(request, metadata, newBase);

        var (layers, history, removed) = Rebase(app, newBase, metadata);
        var writeRequest = new ImageWriteRequest
        {
            Tags = request.Tags ?? [request.AppImage],
            Config = Config(app, newBase, updated, history),
            Layers = layers,
            ManifestMediaType = app.ManifestDescriptor.MediaType == MediaTypes.DockerManifest ? MediaTypes.DockerManifest : MediaTypes.OciManifest,
            ManifestAnnotations = app.Manifest.Annotations,
        };

        ImageWriteResult? write = null;
        Digest newDigest;
        if (request.DryRun)
        {
            newDigest = ImageComposer.Compose(writeRequest).ManifestDescriptor.Digest;
            var said = $"{request.AppImage} would be rebased onto {updated.RunImage!.Reference} as {newDigest}";
            if (request.IsCheck)
            {
                _log.Debug($"Checked: {said}");
            }
            else
            {
                _log.Info($"Dry run: {said}");
            }
        }
        else
        {
            write = await request.Store.WriteImageAsync(writeRequest, cancellationToken).ConfigureAwait(false);
            newDigest = write.ManifestDigest;
            _log.Info($"Rebased {request.AppImage} onto {updated.RunImage!.Reference}: {write.ManifestDigest}");
            if (request.ReportPath is { } reportPath)
            {
                ReportToml.Write(reportPath, new ImageReport(write.Tags.Select(t => t.ToString()).ToList(), write.ImageId.ToString(), write.ManifestDigest.ToString(), write.ManifestSize));
            }
        }

        var oldReference = metadata.RunImage?.Reference ?? "";
        return new RebaseResult
        {
            OldRunImageReference = oldReference,
            OldRunImageDigest = ImageReference.TryParse(oldReference, out var old) ? old!.Digest : null,
            // A daemon's image has no stored manifest: its ID is what names it, as in the metadata label.
            NewRunImage = newBase.HasSynthesizedManifest ? newBase.Reference : newBase.Reference.WithDigest(newBase.Digest),
            NewRunImageDigest = newBase.HasSynthesizedManifest ? newBase.ImageId : newBase.Digest,
            OldImageDigest = app.Digest,
            NewImageDigest = newDigest,
            RemovedBaseLayers = removed,
            AddedBaseLayers = newBase.Layers.Count,
            KeptAppLayers = layers.Count - newBase.Layers.Count,
            Metadata = updated,
            Warnings = warnings,
            Write = write,
        };
    }


    private async Task<StoredImage> ReadRunImageAsync(RebaseRequest request, StoredImage app, LayersMetadata metadata, CancellationToken cancellationToken)
    {
        var store = request.RunImageStore ?? request.Store;
        var platform = app.Config.Platform;
        if (request.RunImage is { } explicitRunImage)
        {
            return await store.TryReadImageAsync(explicitRunImage, platform, cancellationToken).ConfigureAwait(false)
                ?? throw new RunImageNotFoundException($"the run image {explicitRunImage} was not found in {store.Description}");
        }

        var candidates = RunImageNames.Recorded(metadata)
            .Select(n => ImageReference.TryParse(n, out var r) ? r : null)
            .OfType<ImageReference>()
            .ToList();
        if (candidates.Count == 0)
        {
            throw new RunImageRequiredException("-run-image is required when there is no run image metadata available");
        }

        // The recorded image or a mirror, preferring the app image's registry, then the first that can be read
        // (lifecycle platform/run_image.go BestRunImageMirrorFor).
        var failures = new List<string>();
        foreach (var candidate in candidates.OrderBy(c => c.Registry == request.AppImage.Registry ? 0 : 1))
        {
            try
            {
                if (await store.TryReadImageAsync(candidate, platform, cancellationToken).ConfigureAwait(false) is { } image)
                {
                    _log.Debug($"Using run image {candidate}");
                    if (candidate.Digest is not null)
                    {
                        // A name pinned by digest reads as recorded: the base cannot move unless a run image is named.
                        _log.Info($"The app image records its run image by digest ({candidate}): rebasing onto that same image; name a newer run image to move the base");
                    }

                    return image;
                }
            }
            catch (ImageException e)
            {
                _log.Debug($"Skipping run image {candidate}: {e.Message}");
                failures.Add($"{candidate}: {e.Message}");
            }
        }

        throw new RunImageRequiredException(
            $"none of the run images the app image records could be read ({string.Join(", ", candidates)})"
            + (failures.Count > 0 ? $" ({string.Join("; ", failures)})" : "")
            + "; -run-image is required");
    }

    private void Validate(RebaseRequest request, StoredImage app, StoredImage newBase, LayersMetadata metadata, List<string> warnings)
    {
        var appPlatformApi = app.Config.Config.GetEnv("CNB_PLATFORM_API");
        if (!PlatformApi.AppImageRebasesByTarget(appPlatformApi))
        {
            ValidateStack(app, newBase);
        }
        else
        {
            if (app.Labels.GetValueOrDefault(RebasableLabel) == "false")
            {
                Refuse(request, warnings, "app image is not marked as rebasable", m => new NotRebasableException(m));
            }

            var appTarget = TargetOf(app);
            var baseTarget = TargetOf(newBase);
            if (!TargetSatisfied(baseTarget, appTarget))
            {
                Refuse(
                    request,
                    warnings,
                    $"unable to satisfy target os/arch constraints; new run image: {baseTarget}, old run image: {appTarget}",
                    m => new TargetMismatchException(m));
            }
        }

        if (!RunImageNames.Contains(RunImageNames.Accepted(metadata), newBase.Reference))
        {
            var recorded = RunImageNames.Accepted(metadata);
            Refuse(
                request,
                warnings,
                $"rebase app image: new base image '{RunImageNames.Normalize(newBase.Reference)}' not found in existing run image metadata: {(recorded.Count == 0 ? "not found" : string.Join(", ", recorded))}",
                m => new RunImageNotInMetadataException(m));
        }
    }

    private void Refuse(RebaseRequest request, List<string> warnings, string message, Func<string, RebaseException> refusal)
    {
        if (!request.Force)
        {
            throw refusal($"{message}; {ForceHint}");
        }

        _log.Warn(message);
        warnings.Add(message);
    }

    private static void ValidateStack(StoredImage app, StoredImage newBase)
    {
        var appStack = app.Labels.GetValueOrDefault(StackIdLabel);
        var baseStack = newBase.Labels.GetValueOrDefault(StackIdLabel);
        if (string.IsNullOrEmpty(appStack))
        {
            throw new StackMismatchException("stack not defined on app image");
        }

        if (string.IsNullOrEmpty(baseStack))
        {
            throw new StackMismatchException("stack not defined on new base image");
        }

        if (appStack != baseStack)
        {
            throw new StackMismatchException($"incompatible stack: '{baseStack}' is not compatible with '{appStack}'");
        }

        var baseMixins = Mixins(newBase).ToHashSet(StringComparer.Ordinal);
        var missing = Mixins(app).Where(m => !baseMixins.Contains(m)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new StackMismatchException($"missing required mixin(s): {string.Join(", ", missing)}");
        }
    }

    // Mixins are a JSON array of names, "build:"/"run:" prefixes marking stage-specific ones.
    private static IEnumerable<string> Mixins(StoredImage image)
    {
        var label = image.Labels.GetValueOrDefault(MixinsLabel);
        if (string.IsNullOrWhiteSpace(label))
        {
            return [];
        }

        try
        {
            var array = System.Text.Json.Nodes.JsonNode.Parse(label) as System.Text.Json.Nodes.JsonArray ?? [];
            return array.Select(n => n?.GetValue<string>() ?? "")
                .Select(m => m.StartsWith("build:", StringComparison.Ordinal) ? m["build:".Length..] : m.StartsWith("run:", StringComparison.Ordinal) ? m["run:".Length..] : m)
                .ToList();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new StackMismatchException($"the '{MixinsLabel}' label of {image.Reference} is not a JSON array of strings: {e.Message}");
        }
    }

    private static RebaseTarget TargetOf(StoredImage image) => new(
        image.Config.Os,
        image.Config.Architecture,
        image.Config.Variant ?? "",
        image.Labels.GetValueOrDefault(DistroNameLabel),
        image.Labels.GetValueOrDefault(DistroVersionLabel));

    // lifecycle platform TargetSatisfiedForRebase: os and arch equal; variant and distro only when both sides name one.
    private static bool TargetSatisfied(RebaseTarget newBase, RebaseTarget app) =>
        newBase.Os == app.Os
        && newBase.Arch == app.Arch
        && (newBase.Variant.Length == 0 || app.Variant.Length == 0 || newBase.Variant == app.Variant)
        && (newBase.DistroName is null && newBase.DistroVersion is null
            || (app.DistroName is not null || app.DistroVersion is not null)
            && (string.IsNullOrEmpty(newBase.DistroName) || newBase.DistroName == app.DistroName)
            && (string.IsNullOrEmpty(newBase.DistroVersion) || newBase.DistroVersion == app.DistroVersion));

    private static LayersMetadata UpdateMetadata(RebaseRequest request, LayersMetadata metadata, StoredImage newBase)
    {
        var runImage = (metadata.RunImage ?? new RunImageMetadata()) with
        {
            TopLayer = newBase.Layers.Count > 0 ? newBase.Layers[^1].DiffId.ToString() : "",
            // The image's digest in a registry, its ID in a daemon (the reference rebaser records imgutil's identifier).
            Reference = Phases.Analyzer.Identify(newBase),
        };
        var stack = metadata.Stack;

        // Forced onto an image the metadata does not know: it becomes the recorded run image, without mirrors.
        if (request.Force && !RunImageNames.Contains(RunImageNames.Accepted(metadata), newBase.Reference))
        {
            var name = RunImageNames.Normalize(newBase.Reference);
            runImage = runImage with { Image = name, Mirrors = [] };
            stack = new StackMetadata(new StackRunImage(name, []));
        }

        return metadata with { RunImage = runImage, Stack = stack };
    }

    private static (List<LayerToWrite> Layers, List<HistoryEntry> History, int Removed) Rebase(StoredImage app, StoredImage newBase, LayersMetadata metadata)
    {
        var appLayers = app.Layers;
        var top = metadata.RunImage?.TopLayer;
        var topIndex = -1;
        for (var i = 0; i < appLayers.Count && top is { Length: > 0 }; i++)
        {
            if (appLayers[i].DiffId.ToString() == top)
            {
                topIndex = i;
                break;
            }
        }

        if (topIndex < 0)
        {
            throw new MissingRebaseMetadataException(
                $"the app image {app.Reference} has no layer {(string.IsNullOrEmpty(top) ? "(none recorded)" : top)}, which its metadata names as the run image's top layer");
        }

        var baseLayers = newBase.Layers;
        var layers = baseLayers.Select(l => LayerToWrite.From(newBase, l))
            .Concat(appLayers.Skip(topIndex + 1).Select(l => LayerToWrite.From(app, l)))
            .ToList();

        var history = HistoryOf(newBase).ToList();
        history.AddRange(HistoryOf(app).Skip(topIndex + 1));
        return (layers, history, topIndex + 1);
    }

    /// <summary>One history entry per layer (empty-layer entries folded away), blank where the image's history does not fit its layers.</summary>
    private static IEnumerable<HistoryEntry> HistoryOf(StoredImage image)
    {
        var layerEntries = (image.Config.History ?? []).Where(h => !h.EmptyLayer).ToList();
        return layerEntries.Count == image.Layers.Count ? layerEntries : image.Layers.Select(_ => new HistoryEntry());
    }

    private static ImageConfig Config(StoredImage app, StoredImage newBase, LayersMetadata metadata, List<HistoryEntry> history)
    {
        // io.buildpacks.stack.* and io.buildpacks.base.* describe the base: they come from the new one only.
        static bool IsBaseLabel(string key) =>
            key.StartsWith("io.buildpacks.stack.", StringComparison.Ordinal) || key.StartsWith("io.buildpacks.base.", StringComparison.Ordinal);

        var labels = (app.Config.Config.Labels ?? new Dictionary<string, string>())
            .Where(l => !IsBaseLabel(l.Key))
            .Concat(newBase.Labels.Where(l => IsBaseLabel(l.Key)))
            .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        labels[LayersMetadata.Label] = LabelJson.Serialize(metadata);

        return app.Config with
        {
            Architecture = newBase.Config.Architecture,
            Os = newBase.Config.Os,
            OsVersion = newBase.Config.OsVersion,
            Created = CreatedTime.Default,
            History = history,
            Config = app.Config.Config with { Labels = labels },
        };
    }

    private sealed record RebaseTarget(string Os, string Arch, string Variant, string? DistroName, string? DistroVersion)
    {
        public override string ToString() =>
            $"{{\"os\":\"{Os}\",\"arch\":\"{Arch}\"{(Variant.Length > 0 ? $",\"arch-variant\":\"{Variant}\"" : "")}{(DistroName is not null || DistroVersion is not null ? $",\"distro\":{{\"name\":\"{DistroName}\",\"version\":\"{DistroVersion}\"}}" : "")}}}";
    }
}
