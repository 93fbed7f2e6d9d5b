using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Buildpacks;

/// <summary>What <see cref="BuildpackPackaging"/> made.</summary>
/// <param name="Config">The package definition read (with the chosen target).</param>
/// <param name="Result">The image written and what it holds.</param>
public sealed record BuildpackPackaging(PackageConfig Config, BuildpackPackageResult Result)
{
    /// <summary>
    /// Packages the buildpack of the package.toml at <paramref name="configPath"/> as an image under
    /// <paramref name="tags"/> in <paramref name="destination"/>, as the PackageBuildpack target does; every failure is a
    /// BP6xxx <see cref="CodedException"/> (registry failures keep their BP2xxx code).
    /// </summary>
    /// <param name="configPath">The package.toml path.</param>
    /// <param name="platform">The platform to package for; null for the first declared target (else linux/amd64).</param>
    /// <param name="tags">The package image's names.</param>
    /// <param name="sources">Where dependencies given as images are read (see <see cref="SourceImages"/>).</param>
    /// <param name="destination">Where the package image goes.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static Task<BuildpackPackaging> CreateImageAsync(
        string configPath, ImagePlatform? platform, IReadOnlyList<ImageReference> tags, IImageStore sources, IImageStore destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tags);
        return RunAsync(configPath, platform, sources, (config, ct) => BuildpackPackager.CreateAsync(config, destination, tags, sources, ct), cancellationToken);
    }

    /// <summary>As <see cref="CreateImageAsync"/>, into the <c>.cnb</c> file <paramref name="path"/> (replaced whole, or left as it was on failure).</summary>
    public static Task<BuildpackPackaging> CreateFileAsync(
        string configPath, ImagePlatform? platform, string path, IImageStore sources, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return RunAsync(configPath, platform, sources, (config, ct) => BuildpackPackager.CreateFileAsync(config, path, sources, ct), cancellationToken);
    }

    /// <summary>What was packaged, one line each, for the detailed log.</summary>
    public IEnumerable<string> Details()
    {
        yield return $"package.toml: {Config.FilePath}";
        if (Config.Targets.Count > 0)
        {
            yield return $"targets: {string.Join(", ", Config.Targets)}";
        }

        foreach (var buildpack in Result.Buildpacks)
        {
            yield return $"buildpack: {buildpack} from {buildpack.Source}";
        }

        yield return SourceChecks.Transfer(Result.Image);
    }

    private static async Task<BuildpackPackaging> RunAsync(
        string configPath,
        ImagePlatform? platform,
        IImageStore sources,
        Func<PackageConfig, CancellationToken, Task<BuildpackPackageResult>> write,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configPath);
        ArgumentNullException.ThrowIfNull(sources);
        try
        {
            var config = WithTarget(PackageToml.Read(configPath), platform);
            var chosen = TargetPlatforms.Choose(null, config.Targets, config.FilePath);
            foreach (var (dependency, index) in config.Dependencies.Select((d, i) => (d, i)))
            {
                await SourceChecks.RequirePackageImageAsync(dependency, sources, chosen, config.FilePath, $"dependencies[{index}]", cancellationToken).ConfigureAwait(false);
            }

            var result = await write(config, cancellationToken).ConfigureAwait(false);
            return new BuildpackPackaging(config, result);
        }
        catch (Exception e) when (CreationErrors.Classify(e, Messages.PackageFailed) is { } coded)
        {
            throw coded;
        }
    }

    /// <summary>
    /// The definition for <paramref name="platform"/>: its declared target of that platform, or, when it declares none
    /// with an architecture, that platform as its one target (recorded in the package's metadata, as
    /// <c>pack buildpack package --target</c> does).
    /// </summary>
    private static PackageConfig WithTarget(PackageConfig config, ImagePlatform? platform)
    {
        if (platform is null)
        {
            return config;
        }

        if (!string.Equals(platform.Os, config.Os, StringComparison.OrdinalIgnoreCase))
        {
            throw CodedException.Of(Messages.PlatformNotATarget, platform, config.FilePath, $"[platform] os = \"{config.Os}\"");
        }

        TargetPlatforms.Choose(platform, config.Targets, config.FilePath);
        var matching = config.Targets.Where(t => t.Arch.Length > 0 && platform.Matches(TargetPlatforms.ToPlatform(t))).ToList();
        return config with
        {
            Targets = matching.Count > 0 ? matching : [new TargetMetadata(platform.Os, platform.Architecture, platform.Variant ?? "", [])],
        };
    }
}
