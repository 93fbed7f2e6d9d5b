using Buildpacks.Images.Model;
using Buildpacks.Images.Stores.Indexes;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Makes a multi-platform builder, as <c>pack builder create</c> does for a builder.toml with several
/// <c>[[targets]]</c>: one builder per target (its build image, buildpacks and lifecycle of that platform; see
/// <see cref="LifecycleForPlatform"/>), each named <c>&lt;tag&gt;-&lt;rid&gt;</c>, and an image index over them under the
/// tags. A daemon holds one platform per name, so only stores that hold indexes take one.
/// </summary>
public static class BuilderIndexWriter
{
    /// <summary>The platforms of the definition's targets that name an architecture, in order.</summary>
    public static IReadOnlyList<ImagePlatform> Platforms(BuilderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Targets.Where(t => t.Arch.Length > 0).Select(TargetPlatforms.ToPlatform).DistinctBy(p => p.ToString()).ToList();
    }

    /// <summary>
    /// Makes the builder for every target of <paramref name="request"/>'s definition (its <see cref="BuilderCreateRequest.Platform"/>
    /// is ignored) and the index over them. <paramref name="create"/> makes one platform's builder.
    /// </summary>
    public static async Task<(IndexWriteResult Index, IReadOnlyList<BuilderCreateResult> Platforms)> CreateAsync(
        BuilderCreateRequest request,
        IImageIndexStore destination,
        Func<BuilderCreateRequest, CancellationToken, Task<BuilderCreateResult>> create,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(create);
        var results = new List<BuilderCreateResult>();
        var images = new List<Images.Stores.StoredImage>();
        foreach (var platform in Platforms(request.Config))
        {
            var name = RuntimeIdentifierPlatform.PlatformImageName(request.Tags[0], RuntimeIdentifierPlatform.RuntimeIdentifierOf(platform));
            results.Add(await create(request with { Platform = platform, Tags = [name] }, cancellationToken).ConfigureAwait(false));
            images.Add(await destination.TryReadImageAsync(name, platform, cancellationToken).ConfigureAwait(false)
                ?? throw new PlatformException($"The builder {name} for {platform} was written but cannot be read back from {destination.Description}."));
        }

        var index = await destination.WriteIndexAsync(new IndexWriteRequest { Tags = request.Tags, Images = images }, cancellationToken).ConfigureAwait(false);
        return (index, results);
    }
}
