using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Inputs;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks.Builders;

/// <summary>
/// Makes a builder image from a builder.toml, as <c>pack builder create</c> does: the build image, our (or the given)
/// lifecycle, the buildpacks and order, to the registry, an OCI layout, an archive or the daemon.
/// </summary>
public sealed class CreateBuildpackBuilder : ImageMakingTask
{
    /// <summary><c>BuildpackBuilderConfig</c>: the builder.toml, relative to the project.</summary>
    public string? BuildpackBuilderConfig { get; set; }

    /// <summary><c>BuildpackBuilderImage</c>: the builder's name, <c>name[:tag]</c>.</summary>
    public string? BuildpackBuilderImage { get; set; }

    /// <summary>
    /// <c>BuildpackLifecycleDirectory</c>: the lifecycle used when builder.toml has no <c>[lifecycle] uri</c>; the
    /// package sets it to the lifecycle and launcher it carries.
    /// </summary>
    public string? BuildpackLifecycleDirectory { get; set; }

    /// <summary>The builder's digest (<c>sha256:…</c>).</summary>
    [Output]
    public string BuildpackBuilderDigest { get; set; } = "";

    /// <inheritdoc />
    private protected override string Work => "Creating the builder";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var configPath = UserInput.ConfigFile(BuildpackBuilderConfig, BaseDirectory, nameof(BuildpackBuilderConfig), "builder definition (builder.toml)");
        if (UserInput.Trimmed(BuildpackBuilderImage) is null)
        {
            throw CodedException.Of(Messages.BuilderImageNotSet);
        }

        var tag = UserInput.Image(BuildpackBuilderImage, Messages.InvalidBuilderImageName);
        var request = new BuilderCreationRequest
        {
            ConfigPath = configPath,
            Tags = [tag],
            LifecycleDirectory = UserInput.OptionalPath(BuildpackLifecycleDirectory, BaseDirectory),
            Platform = UserInput.Platform(BuildpackPlatform),
        };

        var settings = Settings();
        var (creation, where, indexDigest) = await WithStoresAsync(settings, async (output, sources) =>
        {
            // A builder.toml with several [[targets]] and no BuildpackPlatform makes a multi-platform builder where the
            // destination holds indexes; the daemon gets its one platform (the first target), as before.
            if (request.Platform is null && output.Store is Buildpacks.Images.Stores.Indexes.IImageIndexStore indexStore
                && MultiPlatformImage.Platforms(DeclaredTargets(() => BuilderToml.Read(configPath).Targets)) is { Count: > 1 } platforms)
            {
                var (index, made) = await MultiPlatformImage.WriteAsync(
                    platforms,
                    [tag],
                    indexStore,
                    (platform, names, token) => BuilderCreation.CreateAsync(request with { Platform = platform, Tags = names }, sources, output.Store, token),
                    cancellationToken).ConfigureAwait(false);
                return (made[0], ImageMaking.Where(output, tag), (string?)index.Index.Digest.ToString());
            }

            var single = await BuilderCreation.CreateAsync(request, sources, output.Store, cancellationToken).ConfigureAwait(false);
            return (single, ImageMaking.Where(output, tag), (string?)null);
        }).ConfigureAwait(false);

        BuildpackBuilderDigest = indexDigest ?? creation.Result.Image.ManifestDigest.ToString();
        LogDetails(creation.Details());
        LogSummary(CodedMessage.Format(Messages.BuilderCreated, tag, BuildpackBuilderDigest, where, creation.Result.Buildpacks.Count, creation.Result.Lifecycle.Version));
    }
}
