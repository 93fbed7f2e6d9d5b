using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Makes a multi-platform builder or buildpack package, as pack does for a builder.toml or package.toml with several
/// <c>[[targets]]</c>: one image per target platform, each named <c>&lt;tag&gt;-&lt;rid&gt;</c>, then an OCI image index over
/// them under the tags. Only stores that hold indexes take one (a daemon holds one platform per name).
/// </summary>
public static class MultiPlatformImage
{
    /// <summary>The platforms of the <paramref name="targets"/> that name an architecture, in order, each once.</summary>
    public static IReadOnlyList<ImagePlatform> Platforms(IReadOnlyList<TargetMetadata> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return targets.Where(t => t.Arch.Length > 0).Select(TargetPlatforms.ToPlatform).DistinctBy(p => p.ToString()).ToList();
    }

    /// <summary>
    /// Makes one image per platform with <paramref name="create"/> (given the platform and the names to write it under)
    /// and the index over them under <paramref name="tags"/>.
    /// </summary>
    public static async Task<(IndexWriteResult Index, IReadOnlyList<T> Platforms)> WriteAsync<T>(
        IReadOnlyList<ImagePlatform> platforms,
        IReadOnlyList<ImageReference> tags,
        IImageIndexStore destination,
        Func<ImagePlatform, IReadOnlyList<ImageReference>, CancellationToken, Task<T>> create,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(create);
        var results = new List<T>();
        var images = new List<StoredImage>();
        foreach (var platform in platforms)
        {
            var name = RuntimeIdentifierPlatform.PlatformImageName(tags[0], RuntimeIdentifierPlatform.RuntimeIdentifierOf(platform));
            results.Add(await create(platform, [name], cancellationToken).ConfigureAwait(false));
            images.Add(await destination.TryReadImageAsync(name, platform, cancellationToken).ConfigureAwait(false)
                ?? throw new PlatformException($"The image {name} for {platform} was written but cannot be read back from {destination.Description}."));
        }

        var index = await destination.WriteIndexAsync(new IndexWriteRequest { Tags = tags, Images = images }, cancellationToken).ConfigureAwait(false);
        return (index, results);
    }
}
