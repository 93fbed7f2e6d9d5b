namespace Buildpacks.Platform.Labels;

/// <summary>
/// The image labels builders and buildpack packages carry (pack <c>internal/builder/metadata.go</c>, <c>pkg/dist</c>;
/// distribution spec for the buildpackage label).
/// </summary>
public static class LabelNames
{
    /// <summary>Builder metadata: description, buildpacks, run images, lifecycle, creator.</summary>
    public const string BuilderMetadata = "io.buildpacks.builder.metadata";

    /// <summary>The builder's order, as JSON (<c>[{"group":[{"id","version","optional"}]}]</c>).</summary>
    public const string BuildpackOrder = "io.buildpacks.buildpack.order";

    /// <summary>
    /// The builder's order of image extensions (<c>/cnb/order.toml</c>'s <c>[[order-extensions]]</c>), as JSON like
    /// <see cref="BuildpackOrder"/> (pack <c>internal/builder/metadata.go</c>).
    /// </summary>
    public const string OrderExtensions = "io.buildpacks.buildpack.order-extensions";

    /// <summary>Every buildpack in the image by id and version, with the diff ID of the layer holding it.</summary>
    public const string BuildpackLayers = "io.buildpacks.buildpack.layers";

    /// <summary>A buildpack package's main buildpack: id, version, stacks or targets.</summary>
    public const string BuildpackageMetadata = "io.buildpacks.buildpackage.metadata";

    /// <summary>The version of the lifecycle the image carries (as on the lifecycle's own image).</summary>
    public const string LifecycleVersion = "io.buildpacks.lifecycle.version";

    /// <summary>The Buildpack and Platform APIs the carried lifecycle supports (as on the lifecycle's own image).</summary>
    public const string LifecycleApis = "io.buildpacks.lifecycle.apis";

    /// <summary>The deprecated stack id of a build or run image.</summary>
    public const string StackId = "io.buildpacks.stack.id";

    /// <summary>The OCI annotation of an image's creation time (image-spec annotations.md), as the SDK's containers carry it.</summary>
    public const string Created = "org.opencontainers.image.created";
}
