using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Builders;

/// <summary>What <see cref="BuilderCreation"/> makes a builder from, as the CreateBuildpackBuilder target gives it.</summary>
public sealed record BuilderCreationRequest
{
    /// <summary>The builder.toml path (absolute).</summary>
    public required string ConfigPath { get; init; }

    /// <summary>The builder's names; at least one.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>The lifecycle used when builder.toml's <c>[lifecycle]</c> gives no uri (the one the package carries).</summary>
    public string? LifecycleDirectory { get; init; }

    /// <summary>The platform to make the builder for; null for builder.toml's first target (else linux/amd64).</summary>
    public ImagePlatform? Platform { get; init; }
}

/// <summary>What <see cref="BuilderCreation"/> made.</summary>
/// <param name="Config">The builder definition read.</param>
/// <param name="Result">The image written and what it carries.</param>
public sealed record BuilderCreation(BuilderConfig Config, BuilderCreateResult Result)
{
    /// <summary>
    /// Makes a builder as the MSBuild target does: checks what the writer would otherwise find late or name vaguely
    /// (the lifecycle, the build image and its user, buildpack images, the platform against the targets), writes it
    /// with <see cref="BuilderWriter"/>, and turns every failure into a BP6xxx <see cref="CodedException"/> naming the
    /// file and line, the property or the image at fault. Registry failures keep their BP2xxx code.
    /// </summary>
    /// <param name="request">What to make.</param>
    /// <param name="sources">Where the build image and buildpack package images are read (see <see cref="SourceImages"/>).</param>
    /// <param name="destination">Where the builder is written.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<BuilderCreation> CreateAsync(BuilderCreationRequest request, IImageStore sources, IImageStore destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(destination);
        var scratch = Directory.CreateTempSubdirectory("bp-builder-creation-");
        try
        {
            var config = BuilderToml.Read(request.ConfigPath);
            var platform = TargetPlatforms.Choose(request.Platform, config.Targets, config.FilePath);
            var lifecycle = await CheckLifecycleAsync(config, request.LifecycleDirectory, platform, scratch.FullName, cancellationToken).ConfigureAwait(false);
            await CheckBuildImageAsync(config, sources, platform, cancellationToken).ConfigureAwait(false);
            foreach (var (buildpack, index) in config.Buildpacks.Select((b, i) => (b, i)))
            {
                await SourceChecks.RequirePackageImageAsync(buildpack.Location, sources, platform, config.FilePath, $"buildpacks[{index}]", cancellationToken).ConfigureAwait(false);
            }

            var result = await BuilderWriter.CreateAsync(
                new BuilderCreateRequest
                {
                    Config = config with { Lifecycle = config.Lifecycle with { Path = lifecycle } },
                    Tags = request.Tags,
                    Images = sources,
                    Platform = platform,
                },
                destination,
                cancellationToken).ConfigureAwait(false);
            return new BuilderCreation(config, result);
        }
        catch (Exception e) when (CreationErrors.Classify(e, Messages.BuilderFailed) is { } coded)
        {
            throw coded;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>What was made, one line each, for the detailed log.</summary>
    public IEnumerable<string> Details()
    {
        yield return $"builder.toml: {Config.FilePath}";
        yield return $"build image: {Config.BuildImage}";
        yield return $"run images: {string.Join(", ", Config.RunImages.Select(r => r.Mirrors.Count == 0 ? r.Image : $"{r.Image} (mirrors {string.Join(", ", r.Mirrors)})"))}";
        yield return $"lifecycle: {Result.Lifecycle.Version} (buildpack APIs {string.Join(", ", Result.Lifecycle.Buildpack.Supported)}; platform APIs {string.Join(", ", Result.Lifecycle.Platform.Supported)})";
        foreach (var buildpack in Result.Buildpacks)
        {
            yield return $"buildpack: {buildpack} from {buildpack.Source}";
        }

        foreach (var (group, index) in Result.Order.Groups.Select((g, i) => (g, i)))
        {
            yield return $"order group {index + 1}: {string.Join(", ", group.Elements.Select(e => $"{e.Id}@{e.Version}{(e.Optional ? " (optional)" : "")}"))}";
        }

        yield return SourceChecks.Transfer(Result.Image);
    }

    /// <summary>The lifecycle path to use (made executable if it came without modes); BP6011/BP6012 when there is none or it is unusable.</summary>
    private static async Task<string> CheckLifecycleAsync(BuilderConfig config, string? lifecycleDirectory, ImagePlatform platform, string scratch, CancellationToken cancellationToken)
    {
        var path = config.Lifecycle.Path ?? (string.IsNullOrWhiteSpace(lifecycleDirectory) ? null : lifecycleDirectory);
        if (path is null)
        {
            throw CodedException.Of(Messages.LifecycleNotSet, config.FilePath);
        }

        var origin = config.Lifecycle.Path is null ? "BuildpackLifecycleDirectory" : $"[lifecycle] uri of {config.FilePath}";
        try
        {
            var staged = LifecycleStaging.Executable(LifecycleForPlatform.Resolve(path, platform), scratch);
            await LifecycleBinaries.LoadAsync(staged, config.Lifecycle.Version, Directory.CreateDirectory(Path.Combine(scratch, "check")).FullName, cancellationToken).ConfigureAwait(false);
            return staged;
        }
        catch (PlatformException e) when (e is not CodedException)
        {
            throw CodedException.Because(e, Messages.LifecycleMissing, $"{e.Message} (from {origin})");
        }
    }

    private static async Task CheckBuildImageAsync(BuilderConfig config, IImageStore sources, ImagePlatform platform, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(config.BuildImage, out var reference))
        {
            throw CreationErrors.FromConfig(new ConfigFileException(config.FilePath, "build.image", $"is '{config.BuildImage}', which is not a valid image reference."));
        }

        var image = await sources.TryReadImageAsync(reference!, platform, cancellationToken).ConfigureAwait(false)
            ?? throw CodedException.Of(Messages.BuildImageNotFound, reference, config.FilePath, sources.Description);
        foreach (var variable in new[] { BuilderFiles.UserIdVariable, BuilderFiles.GroupIdVariable })
        {
            var value = image.Config.Config.GetEnv(variable);
            if (string.IsNullOrEmpty(value) || !int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                throw CodedException.Of(
                    Messages.BuildImageInvalid,
                    $"{reference} ({config.FilePath}, [build] image) sets {variable} to '{value}'; a build image must set CNB_USER_ID and CNB_GROUP_ID to the numeric user and group builds run as.");
            }
        }
    }
}
