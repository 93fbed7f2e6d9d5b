using Buildpacks.Platform.Buildpacks;
using Buildpacks.Platform.Labels;

namespace Buildpacks.Platform.Builders;

/// <summary>The builder's labels: <c>io.buildpacks.builder.metadata</c> and the lifecycle's, written the way pack writes them.</summary>
internal static class BuilderMetadataLabel
{
    public static string Write(string description, IEnumerable<BuildpackLayer> buildpacks, IReadOnlyList<RunImage> runImages, LifecycleDescriptor lifecycle, BuilderCreator creator)
    {
        var metadata = new BuilderMetadataJson
        {
            Description = description,
            Buildpacks = buildpacks.Select(b => new ModuleInfoJson
            {
                Id = b.Id,
                Name = string.IsNullOrEmpty(b.Name) ? null : b.Name,
                Version = b.Version,
                Homepage = string.IsNullOrEmpty(b.Homepage) ? null : b.Homepage,
            }).ToList(),
            Stack = new StackMetadataJson { RunImage = runImages.Count > 0 ? ToJson(runImages[0]) : new RunImageJson() },
            Lifecycle = new LifecycleMetadataJson
            {
                Version = lifecycle.Version,
                Api = new LifecycleApiJson { Buildpack = lifecycle.Buildpack.Earliest, Platform = lifecycle.Platform.Earliest },
                Apis = ApisToJson(lifecycle),
            },
            CreatedBy = new CreatorJson { Name = creator.Name, Version = creator.Version },
            Images = runImages.Select(ToJson).ToList(),
        };
        return LabelJson.Write(metadata, LabelJsonContext.Default.BuilderMetadataJson);
    }

    public static string WriteApis(LifecycleDescriptor lifecycle) => LabelJson.Write(ApisToJson(lifecycle), LabelJsonContext.Default.LifecycleApisJson);

    public static LifecycleApisJson ApisToJson(LifecycleDescriptor lifecycle) => new()
    {
        Buildpack = new ApiSetJson { Supported = lifecycle.Buildpack.Supported.ToList(), Deprecated = lifecycle.Buildpack.Deprecated.ToList() },
        Platform = new ApiSetJson { Supported = lifecycle.Platform.Supported.ToList(), Deprecated = lifecycle.Platform.Deprecated.ToList() },
    };

    public static LifecycleDescriptor? LifecycleFromJson(string? version, LifecycleApisJson? apis, LifecycleApiJson? api)
    {
        if (apis is not null)
        {
            return new LifecycleDescriptor(version ?? "", new ApiSet(apis.Buildpack.Supported, apis.Buildpack.Deprecated), new ApiSet(apis.Platform.Supported, apis.Platform.Deprecated));
        }

        if (api is { Buildpack: not null, Platform: not null })
        {
            return new LifecycleDescriptor(version ?? "", new ApiSet([api.Buildpack], []), new ApiSet([api.Platform], []));
        }

        return null;
    }

    public static RunImage FromJson(RunImageJson image) => new(image.Image, image.Mirrors ?? []);

    private static RunImageJson ToJson(RunImage image) => new() { Image = image.Image, Mirrors = image.Mirrors.Count == 0 ? null : image.Mirrors.ToList() };
}
