using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Inputs;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks.Builders;

/// <summary>
/// Packages a buildpack (and the dependencies of a composite) from a package.toml, as <c>pack buildpack package</c>
/// does: as an image (to the registry, an OCI layout, an archive or the daemon) or as a <c>.cnb</c> file.
/// </summary>
public sealed class PackageBuildpack : ImageMakingTask
{
    /// <summary><c>BuildpackPackageConfig</c>: the package.toml, relative to the project.</summary>
    public string? BuildpackPackageConfig { get; set; }

    /// <summary><c>BuildpackPackageOutput</c>: the package image's name, or the <c>.cnb</c> file's path.</summary>
    public string? BuildpackPackageOutput { get; set; }

    /// <summary><c>BuildpackPackageFormat</c>: <c>image</c> or <c>file</c>; empty: a <c>.cnb</c> output is a file, anything else an image.</summary>
    public string? BuildpackPackageFormat { get; set; }

    /// <summary>The package's digest (<c>sha256:…</c>): the image's, or that of the image inside the file.</summary>
    [Output]
    public string BuildpackPackageDigest { get; set; } = "";

    /// <summary>The full path of the <c>.cnb</c> file written; empty for an image.</summary>
    [Output]
    public string BuildpackPackageFile { get; set; } = "";

    /// <inheritdoc />
    private protected override string Work => "Packaging the buildpack";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var configPath = UserInput.ConfigFile(BuildpackPackageConfig, BaseDirectory, nameof(BuildpackPackageConfig), "buildpack package definition (package.toml)");
        var output = PackageOutput.Parse(
            BuildpackPackageOutput,
            BuildpackPackageFormat,
            BaseDirectory,
            BuildpackPublish,
            UserInput.Trimmed(BuildpackLayoutOutputPath) is not null || UserInput.Trimmed(BuildpackArchiveOutputPath) is not null);
        var platform = UserInput.Platform(BuildpackPlatform);
        if (output.FilePath is { } path)
        {
            // No output store: the file is the output. Source images come from their registries (there is nothing local).
            var packaged = await WithStoresAsync(
                Settings() with { Destination = ImageDestination.Registry },
                (_, sources) => BuildpackPackaging.CreateFileAsync(configPath, platform, path, sources, cancellationToken)).ConfigureAwait(false);
            BuildpackPackageFile = path;
            BuildpackPackageDigest = packaged.Result.Image.ManifestDigest.ToString();
            LogDetails(packaged.Details());
            LogSummary(CodedMessage.Format(Messages.PackageFileCreated, $"{packaged.Result.Id}@{packaged.Result.Version}", path, BuildpackPackageDigest));
            return;
        }

        var tag = output.Image!;
        var (image, where, indexDigest) = await WithStoresAsync(Settings(), async (store, sources) =>
        {
            // A package.toml with several [[targets]] and no BuildpackPlatform makes a multi-platform package where the
            // destination holds indexes, as pack buildpack package does; the daemon gets its first target.
            if (platform is null && store.Store is Buildpacks.Images.Stores.Indexes.IImageIndexStore indexStore
                && MultiPlatformImage.Platforms(DeclaredTargets(() => Buildpacks.Platform.Buildpacks.PackageToml.Read(configPath).Targets)) is { Count: > 1 } platforms)
            {
                var (index, made) = await MultiPlatformImage.WriteAsync(
                    platforms,
                    [tag],
                    indexStore,
                    (one, names, token) => BuildpackPackaging.CreateImageAsync(configPath, one, names, sources, store.Store, token),
                    cancellationToken).ConfigureAwait(false);
                return (made[0], ImageMaking.Where(store, tag), (string?)index.Index.Digest.ToString());
            }

            var single = await BuildpackPackaging.CreateImageAsync(configPath, platform, [tag], sources, store.Store, cancellationToken).ConfigureAwait(false);
            return (single, ImageMaking.Where(store, tag), (string?)null);
        }).ConfigureAwait(false);
        BuildpackPackageDigest = indexDigest ?? image.Result.Image.ManifestDigest.ToString();
        LogDetails(image.Details());
        LogSummary(CodedMessage.Format(Messages.PackageImageCreated, $"{image.Result.Id}@{image.Result.Version}", tag, BuildpackPackageDigest, where));
    }
}
