using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Platform.Buildpacks;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// A builder image as a platform uses it: the buildpacks it carries (each with its layer), the order, the run images,
/// the lifecycle, and the user builds run as. Read by <see cref="BuilderReader"/> from any store.
/// </summary>
public sealed record Builder
{
    /// <summary>The builder image.</summary>
    public required StoredImage Image { get; init; }

    /// <summary>The description.</summary>
    public string Description { get; init; } = "";

    /// <summary>The buildpacks, sorted by id and version, each with its layer in <see cref="Image"/>.</summary>
    public required IReadOnlyList<BuildpackLayer> Buildpacks { get; init; }

    /// <summary>The order (<c>/cnb/order.toml</c>).</summary>
    public required Order Order { get; init; }

    /// <summary>The run images (<c>/cnb/run.toml</c>); the first is the default.</summary>
    public required IReadOnlyList<RunImage> RunImages { get; init; }

    /// <summary>The lifecycle in <c>/cnb/lifecycle</c>.</summary>
    public required LifecycleDescriptor Lifecycle { get; init; }

    /// <summary>What made the builder, e.g. <c>Buildpacks.MSBuild 0.1.0</c> or <c>Pack CLI 0.36.0</c>.</summary>
    public required BuilderCreator CreatedBy { get; init; }

    /// <summary><c>CNB_USER_ID</c> of the builder image: the user builds run as.</summary>
    public required int UserId { get; init; }

    /// <summary><c>CNB_GROUP_ID</c> of the builder image.</summary>
    public required int GroupId { get; init; }

    /// <summary>
    /// Whether the builder orders image extensions (<c>[[order-extensions]]</c>, label
    /// <see cref="Labels.LabelNames.OrderExtensions"/>): Dockerfiles that extend the build or run image, which need the
    /// extender phase (Platform API, "extender"). This platform does not run it.
    /// </summary>
    public bool HasImageExtensions { get; init; }

    /// <summary>The deprecated stack id (<c>io.buildpacks.stack.id</c> or <c>CNB_STACK_ID</c>), if any.</summary>
    public string? StackId { get; init; }

    /// <summary>The default run image, if the builder names any.</summary>
    public RunImage? DefaultRunImage => RunImages.Count > 0 ? RunImages[0] : null;

    /// <summary>The buildpack <paramref name="id"/>@<paramref name="version"/>, if the builder carries it.</summary>
    public BuildpackLayer? FindBuildpack(string id, string version) =>
        Buildpacks.FirstOrDefault(b => b.Id == id && b.Version == version);
}

/// <summary>What made a builder.</summary>
/// <param name="Name">The tool.</param>
/// <param name="Version">Its version.</param>
public sealed record BuilderCreator(string Name, string Version)
{
    /// <summary>This product, as recorded in builders it makes.</summary>
    public static BuilderCreator BuildpacksMSBuild { get; } = new("Buildpacks.MSBuild", LifecycleDescriptor.OurVersion);
}
