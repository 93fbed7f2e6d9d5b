using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>The inputs of the exporter (Platform API, "exporter" inputs); see <see cref="PlatformDefaults"/>.</summary>
public sealed record ExporterOptions
{
    /// <summary>The Platform API the exporter runs under (also baked into the image as <c>CNB_PLATFORM_API</c>).</summary>
    public required PlatformApi PlatformApi { get; init; }

    /// <summary><c>-app</c> / <c>CNB_APP_DIR</c>.</summary>
    public required string AppDir { get; init; }

    /// <summary><c>-layers</c> / <c>CNB_LAYERS_DIR</c>.</summary>
    public required string LayersDir { get; init; }

    /// <summary>
    /// Where the app dir is in the image; null means the same path as <see cref="AppDir"/> (the reference lifecycle's
    /// only behaviour, right inside a build container). A platform running the lifecycle on the host sets it, e.g.
    /// <c>/workspace</c>.
    /// </summary>
    public string? ImageAppDir { get; init; }

    /// <summary>Where the layers dir is in the image; null means the same path as <see cref="LayersDir"/>.</summary>
    public string? ImageLayersDir { get; init; }

    /// <summary><c>-group</c> / <c>CNB_GROUP_PATH</c>; null means <c>&lt;layers&gt;/group.toml</c>.</summary>
    public string? GroupPath { get; init; }

    /// <summary><c>-launcher</c>: the launcher binary put at <c>/cnb/lifecycle/launcher</c>.</summary>
    public required string LauncherPath { get; init; }

    /// <summary>The launcher's version and source for the build metadata label.</summary>
    public LauncherLabelMetadata LauncherMetadata { get; init; } = new();

    /// <summary>
    /// <c>-launcher-sbom</c>: where <c>launcher.sbom.*</c> and <c>lifecycle.sbom.*</c> are (the reference lifecycle's default
    /// is <c>/cnb/lifecycle</c>); null copies none.
    /// </summary>
    public string? LauncherSbomDir { get; init; }

    /// <summary><c>-project-metadata</c> / <c>CNB_PROJECT_METADATA_PATH</c>; null means <c>&lt;layers&gt;/project-metadata.toml</c>.</summary>
    public string? ProjectMetadataPath { get; init; }

    /// <summary><c>-report</c> / <c>CNB_REPORT_PATH</c>; null writes no report.</summary>
    public string? ReportPath { get; init; }

    /// <summary><c>-uid</c> / <c>CNB_USER_ID</c>: the owner of exported layer and app files.</summary>
    public int Uid { get; init; }

    /// <summary><c>-gid</c> / <c>CNB_GROUP_ID</c>.</summary>
    public int Gid { get; init; }

    /// <summary>The image's creation time; see <see cref="Export.CreatedTime"/> for <c>SOURCE_DATE_EPOCH</c>.</summary>
    public DateTimeOffset Created { get; init; } = Export.CreatedTime.Default;

    /// <summary><c>-process-type</c> / <c>CNB_PROCESS_TYPE</c>: the default process, overriding the buildpacks' choice.</summary>
    public string? DefaultProcessType { get; init; }

    /// <summary><c>CNB_EXEC_ENV</c>, recorded as the <c>io.buildpacks.exec-env</c> label (Platform API 0.15).</summary>
    public string ExecEnv { get; init; } = PlatformDefaults.ExecEnv;

    /// <summary>Where the app image is written.</summary>
    public required IImageStore Store { get; init; }

    /// <summary><c>&lt;image&gt; [&lt;image&gt;…]</c>: the names to write; the first is the image, the rest extra tags.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>The run image as analyzed.toml's <c>run-image.reference</c> names it (preferably by digest).</summary>
    public required ImageReference RunImage { get; init; }

    /// <summary>Where the run image is read; null means <see cref="Store"/>.</summary>
    public IImageStore? RunImageStore { get; init; }

    /// <summary>
    /// The run image name recorded for rebase (<c>runImage.image</c>: run.toml's <c>image</c>, or analyzed.toml's
    /// <c>run-image.image</c>); null records <see cref="RunImage"/> without its digest.
    /// </summary>
    public string? RunImageName { get; init; }

    /// <summary>The mirrors of <see cref="RunImageName"/> from run.toml.</summary>
    public IReadOnlyList<string>? RunImageMirrors { get; init; }

    /// <summary>The platform to pick when the run image is an index; null means linux on this machine's architecture.</summary>
    public Images.Model.ImagePlatform? TargetPlatform { get; init; }

    /// <summary>The previous app image (analyzed.toml <c>[image] reference</c>); its layers are reused where unchanged.</summary>
    public ImageReference? PreviousImage { get; init; }

    /// <summary>Where the previous image is read; null means <see cref="Store"/>.</summary>
    public IImageStore? PreviousImageStore { get; init; }

    /// <summary>The build cache to update after the image is written; null exports no cache.</summary>
    public ILayerCache? Cache { get; init; }

    /// <summary>
    /// Labels the platform sets on the app image (pack's and Spring Boot's image labels), in order; set after the
    /// lifecycle's and the buildpacks' own, so a platform label wins over a buildpack's label of the same name.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Where layer blobs are written before they are stored; null means a temporary directory, deleted after.</summary>
    public string? ScratchDir { get; init; }

    internal string EffectiveGroupPath => GroupPath ?? PlatformDefaults.GroupPath(LayersDir);

    internal string EffectiveProjectMetadataPath => ProjectMetadataPath ?? Path.Combine(LayersDir, "project-metadata.toml");
}
