using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
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
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var configPath = BuilderTaskInputs.ConfigPath(BuildpackBuilderConfig, ProjectDirectory, nameof(BuildpackBuilderConfig), "builder definition (builder.toml)");
        if (string.IsNullOrWhiteSpace(BuildpackBuilderImage))
        {
            throw CodedException.Of(Messages.BuilderImageNotSet);
        }

        var tag = BuilderTaskInputs.ParseImageName(BuildpackBuilderImage, Messages.InvalidBuilderImageName);
        var destination = BuilderTaskInputs.ParseDestination(BuildpackPublish, BuildpackLayoutOutputPath, BuildpackArchiveOutputPath, ProjectDirectory);
        var request = new BuilderCreationRequest
        {
            ConfigPath = configPath,
            Tags = [tag],
            LifecycleDirectory = string.IsNullOrWhiteSpace(BuildpackLifecycleDirectory) ? null : BuilderTaskInputs.Resolve(BuildpackLifecycleDirectory, ProjectDirectory),
            Platform = BuilderTaskInputs.ParsePlatform(BuildpackPlatform),
        };

        var (creation, where) = await WithStoresAsync(destination, async (output, sources) =>
        {
            var made = await BuilderCreation.CreateAsync(request, sources, output.Store, cancellationToken).ConfigureAwait(false);
            return (made, Where(destination, output, tag.Registry));
        }).ConfigureAwait(false);

        BuildpackBuilderDigest = creation.Result.Image.ManifestDigest.ToString();
        LogDetails(creation.Details());
        LogSummary(CodedMessage.Format(Messages.BuilderCreated, tag, BuildpackBuilderDigest, where, creation.Result.Buildpacks.Count, creation.Result.Lifecycle.Version));
    }

    /// <summary>Where the image went, for the summary line.</summary>
    internal static string Where(ImageDestination destination, ImageOutput output, string registry) =>
        destination.Kind == ImageDestinationKind.Registry ? $"registry {registry}" : output.Store.Description;
}
