using Buildpacks.Images.References;
using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Platform.Execution;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks.Builders;

/// <summary>
/// Packages a buildpack (and the dependencies of a composite) from a package.toml, as <c>pack buildpack package</c>
/// does: as an image (to the registry, an OCI layout, an archive or the daemon) or as a <c>.cnb</c> file.
/// </summary>
public sealed class PackageBuildpack : ImageMakingTask
{
    private const string FileExtension = ".cnb";

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
    protected override async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        var configPath = BuilderTaskInputs.ConfigPath(BuildpackPackageConfig, ProjectDirectory, nameof(BuildpackPackageConfig), "buildpack package definition (package.toml)");
        if (string.IsNullOrWhiteSpace(BuildpackPackageOutput))
        {
            throw CodedException.Of(Messages.PackageOutputNotSet);
        }

        var output = BuildpackPackageOutput.Trim();
        var platform = BuilderTaskInputs.ParsePlatform(BuildpackPlatform);
        if (IsFile(output))
        {
            var path = BuilderTaskInputs.Resolve(output, ProjectDirectory);
            if (BuildpackPublish || !string.IsNullOrWhiteSpace(BuildpackLayoutOutputPath) || !string.IsNullOrWhiteSpace(BuildpackArchiveOutputPath))
            {
                throw CodedException.Of(Messages.OutputNotSetWithFile, BuildpackPublish ? "true" : "false");
            }

            if (!path.EndsWith(FileExtension, StringComparison.OrdinalIgnoreCase))
            {
                throw CodedException.Of(Messages.PackageFileNotCnb, output);
            }

            // No output store: the file is the output. Source images come from their registries (there is nothing local).
            var packaged = await WithStoresAsync(
                ImageDestination.Registry,
                (_, sources) => BuildpackPackaging.CreateFileAsync(configPath, platform, path, sources, cancellationToken)).ConfigureAwait(false);
            BuildpackPackageFile = path;
            BuildpackPackageDigest = packaged.Result.Image.ManifestDigest.ToString();
            LogDetails(packaged.Details());
            LogSummary(CodedMessage.Format(Messages.PackageFileCreated, $"{packaged.Result.Id}@{packaged.Result.Version}", path, BuildpackPackageDigest));
            return;
        }

        ImageReference tag;
        try
        {
            tag = ImageReference.Parse(output);
        }
        catch (InvalidImageReferenceException e)
        {
            throw CodedException.Of(Messages.InvalidPackageOutput, output, e.Reason);
        }

        var destination = BuilderTaskInputs.ParseDestination(BuildpackPublish, BuildpackLayoutOutputPath, BuildpackArchiveOutputPath, ProjectDirectory);
        var (image, where) = await WithStoresAsync(destination, async (store, sources) =>
        {
            var made = await BuildpackPackaging.CreateImageAsync(configPath, platform, [tag], sources, store.Store, cancellationToken).ConfigureAwait(false);
            return (made, CreateBuildpackBuilder.Where(destination, store, tag.Registry));
        }).ConfigureAwait(false);
        BuildpackPackageDigest = image.Result.Image.ManifestDigest.ToString();
        LogDetails(image.Details());
        LogSummary(CodedMessage.Format(Messages.PackageImageCreated, $"{image.Result.Id}@{image.Result.Version}", tag, BuildpackPackageDigest, where));
    }

    /// <summary>Whether the output is a file: as BuildpackPackageFormat says, else by the <c>.cnb</c> extension.</summary>
    private bool IsFile(string output)
    {
        var format = BuildpackPackageFormat?.Trim() ?? "";
        return format.ToLowerInvariant() switch
        {
            "" => output.EndsWith(FileExtension, StringComparison.OrdinalIgnoreCase),
            "file" => true,
            "image" => false,
            _ => throw CodedException.Of(Messages.InvalidPackageFormat, BuildpackPackageFormat),
        };
    }
}
