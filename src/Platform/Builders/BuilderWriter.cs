using System.Globalization;
using Buildpacks.Images.Layers;
using Buildpacks.Images.Model;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Labels;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Makes builder images (pack's <c>builder create</c>): the build image's layers, then a directories layer, the
/// lifecycle, one layer per buildpack, order.toml, stack.toml, run.toml and the build-config env, with pack's labels.
/// Every layer is reproducible, so the same inputs give the same digest, and buildpack layers taken from packages keep
/// their bytes (a registry mounts or skips them).
/// </summary>
public static class BuilderWriter
{
    /// <summary>Makes the builder <paramref name="request"/> describes and writes it to <paramref name="destination"/>.</summary>
    public static async Task<BuilderCreateResult> CreateAsync(BuilderCreateRequest request, IImageStore destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        var config = request.Config;
        var platform = request.Platform ?? PlatformOf(config);
        var scratch = Directory.CreateTempSubdirectory("bp-builder-").FullName;
        try
        {
            var buildImage = await ReadBuildImageAsync(request, platform, cancellationToken).ConfigureAwait(false);
            var (uid, gid) = BuildUser(buildImage, config);
            var lifecycle = await LoadLifecycleAsync(request, platform, scratch, cancellationToken).ConfigureAwait(false);

            var buildpacks = await ResolveBuildpacksAsync(config, request.Images, platform, scratch, cancellationToken).ConfigureAwait(false);
            foreach (var buildpack in buildpacks.Buildpacks)
            {
                if (!lifecycle.Descriptor.SupportsBuildpackApi(buildpack.Api))
                {
                    throw new BuildpackException(
                        $"The buildpack {buildpack} ({buildpack.Source}) implements Buildpack API {buildpack.Api}, which lifecycle {lifecycle.Descriptor.Version} does not support "
                        + $"(it supports {string.Join(", ", lifecycle.Descriptor.Buildpack.Supported)}); use a buildpack or lifecycle version that match.");
                }
            }

            var order = buildpacks.Resolve(config.Order, $"[[order]] of {config.FilePath}");
            var sorted = buildpacks.Buildpacks.OrderBy(b => b.Id, StringComparer.Ordinal).ThenBy(b => b.Version, StringComparer.Ordinal).ToList();

            var layers = new BuilderLayers(scratch, cancellationToken);
            var added = new List<(LayerToWrite Layer, string What)>
            {
                (await layers.DirectoriesAsync(uid, gid).ConfigureAwait(false), "directories"),
                (await layers.LifecycleAsync(lifecycle).ConfigureAwait(false), $"lifecycle {lifecycle.Descriptor.Version}"),
            };
            added.AddRange(sorted.Select(b => (b.Layer, $"buildpack {b}")));
            added.Add((await layers.FileAsync(BuilderFiles.Order, BuilderTomlFiles.Order(order)).ConfigureAwait(false), "order.toml"));
            added.Add((await layers.FileAsync(BuilderFiles.Stack, BuilderTomlFiles.Stack(config.RunImages[0])).ConfigureAwait(false), "stack.toml"));
            added.Add((await layers.FileAsync(BuilderFiles.Run, BuilderTomlFiles.Run(config.RunImages)).ConfigureAwait(false), "run.toml"));
            if (config.BuildEnv.Count > 0)
            {
                added.Add((await layers.BuildConfigEnvAsync(config.BuildEnv).ConfigureAwait(false), "build-config env"));
            }

            var labels = new Dictionary<string, string>(buildImage.Labels, StringComparer.Ordinal)
            {
                [LabelNames.BuilderMetadata] = BuilderMetadataLabel.Write(config.Description, sorted, config.RunImages, lifecycle.Descriptor, request.CreatedBy),
                [LabelNames.BuildpackLayers] = BuildpackLayersLabel.Write(sorted),
                [LabelNames.BuildpackOrder] = LabelJson.Write(OrderJson.ToJson(order), LabelJsonContext.Default.ListOrderEntryJson),
                [LabelNames.LifecycleVersion] = lifecycle.Descriptor.Version,
                [LabelNames.LifecycleApis] = BuilderMetadataLabel.WriteApis(lifecycle.Descriptor),
            };
            if (config.StackId is { } stackId)
            {
                labels[LabelNames.StackId] = stackId;
            }

            var created = request.Created ?? LayerWriteOptions.DefaultModificationTime;
            var baseConfig = buildImage.Config;
            var imageConfig = baseConfig with
            {
                Created = created,
                Config = baseConfig.Config with
                {
                    WorkingDir = BuilderFiles.Layers,
                    Labels = labels,
                    Env = Env(baseConfig.Config.Env, config.StackId),
                },
                History = baseConfig.History is null
                    ? null
                    : [.. baseConfig.History, .. added.Select(a => new HistoryEntry { Created = created, CreatedBy = $"{request.CreatedBy.Name}: {a.What}" })],
            };

            var writeRequest = new ImageWriteRequest
            {
                Tags = request.Tags,
                Config = imageConfig,
                Layers = [.. buildImage.Layers.Select(l => LayerToWrite.From(buildImage, l)), .. added.Select(a => a.Layer)],
                ManifestMediaType = buildImage.Manifest.MediaType is { } mediaType && MediaTypes.IsManifest(mediaType) ? mediaType : MediaTypes.OciManifest,
            };
            var written = await destination.WriteImageAsync(writeRequest, cancellationToken).ConfigureAwait(false);
            return new BuilderCreateResult(written, sorted, order, lifecycle.Descriptor);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static ImagePlatform PlatformOf(BuilderConfig config) =>
        config.Targets.FirstOrDefault(t => t.Arch.Length > 0) is { } target
            ? new ImagePlatform { Os = target.Os, Architecture = target.Arch, Variant = target.ArchVariant.Length > 0 ? target.ArchVariant : null }
            : ImagePlatform.LinuxAmd64;

    private static async Task<StoredImage> ReadBuildImageAsync(BuilderCreateRequest request, ImagePlatform platform, CancellationToken cancellationToken)
    {
        if (!Images.References.ImageReference.TryParse(request.Config.BuildImage, out var reference))
        {
            throw new ConfigFileException(request.Config.FilePath, "build.image", $"is '{request.Config.BuildImage}', which is not a valid image reference.");
        }

        return await request.Images.TryReadImageAsync(reference!, platform, cancellationToken).ConfigureAwait(false)
            ?? throw new PlatformException($"The build image {reference} ({request.Config.FilePath}, build.image) is not in {request.Images.Description}; build or push it there first.");
    }

    /// <summary>The build user: pack requires the build image to say who builds run as, and so do we.</summary>
    private static (int Uid, int Gid) BuildUser(StoredImage buildImage, BuilderConfig config)
    {
        int Read(string variable)
        {
            var value = buildImage.Config.Config.GetEnv(variable);
            if (string.IsNullOrEmpty(value))
            {
                throw new PlatformException($"The build image {buildImage.Reference} ({config.FilePath}, build.image) does not set {variable}; a build image must set CNB_USER_ID and CNB_GROUP_ID to the non-root user builds run as.");
            }

            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new PlatformException($"The build image {buildImage.Reference} sets {variable}='{value}', which is not a user or group number.");
        }

        return (Read(BuilderFiles.UserIdVariable), Read(BuilderFiles.GroupIdVariable));
    }

    private static Task<LifecycleBinaries> LoadLifecycleAsync(BuilderCreateRequest request, ImagePlatform platform, string scratch, CancellationToken cancellationToken)
    {
        var path = request.Config.Lifecycle.Path ?? request.LifecyclePath
            ?? throw new ConfigFileException(
                request.Config.FilePath,
                "lifecycle.uri",
                $"is required here: lifecycles cannot be downloaded{(request.Config.Lifecycle.Version is { } v ? $" (version {v} was given)" : "")}; set [lifecycle] uri to the directory holding the lifecycle and launcher binaries.");
        return LifecycleBinaries.LoadAsync(LifecycleForPlatform.Resolve(path, platform), request.Config.Lifecycle.Version, scratch, cancellationToken);
    }

    private static async Task<BuildpackSet> ResolveBuildpacksAsync(BuilderConfig config, IImageStore images, ImagePlatform platform, string scratch, CancellationToken cancellationToken)
    {
        var resolver = new BuildpackResolver(images, platform, scratch);
        var set = new BuildpackSet();
        foreach (var entry in config.Buildpacks)
        {
            var resolved = await resolver.ResolveAsync(entry.Location, cancellationToken).ConfigureAwait(false);

            // An id (and version) next to a uri says what the uri must hold, as in pack.
            if (entry.Id is { Length: > 0 } id && !resolved.Any(b => b.Id == id && (string.IsNullOrEmpty(entry.Version) || b.Version == entry.Version)))
            {
                throw new BuildpackException(
                    $"{config.FilePath}: [[buildpacks]] entry {id}{(string.IsNullOrEmpty(entry.Version) ? "" : "@" + entry.Version)} points at {entry.Location}, which holds {string.Join(", ", resolved)}; fix the id/version or the uri.");
            }

            set.AddRange(resolved);
        }

        set.RequireCompositeComponents();
        return set;
    }

    private static List<string> Env(IReadOnlyList<string>? baseEnv, string? stackId)
    {
        var env = baseEnv?.ToList() ?? [];
        if (stackId is not null && !env.Any(e => e.StartsWith(BuilderFiles.StackIdVariable + "=", StringComparison.Ordinal)))
        {
            env.Add($"{BuilderFiles.StackIdVariable}={stackId}");
        }

        return env;
    }
}

/// <summary>What making a builder wrote.</summary>
/// <param name="Image">The image written (digest, image ID, transfer statistics).</param>
/// <param name="Buildpacks">The buildpacks it carries, sorted by id and version.</param>
/// <param name="Order">The order with every version filled in.</param>
/// <param name="Lifecycle">The lifecycle it carries.</param>
public sealed record BuilderCreateResult(ImageWriteResult Image, IReadOnlyList<BuildpackLayer> Buildpacks, Order Order, LifecycleDescriptor Lifecycle);
