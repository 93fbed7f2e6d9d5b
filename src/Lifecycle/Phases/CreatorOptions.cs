using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Metadata;
using Buildpacks.Lifecycle.Platform;

namespace Buildpacks.Lifecycle.Phases;

/// <summary>The inputs of the creator: the union of the analyzer's, detector's, restorer's, builder's and exporter's (Platform API, "creator").</summary>
public sealed record CreatorOptions
{
    /// <summary>The Platform API every phase runs under.</summary>
    public required PlatformApi PlatformApi { get; init; }

    /// <summary><c>-app</c> / <c>CNB_APP_DIR</c>.</summary>
    public required string AppDir { get; init; }

    /// <summary><c>-layers</c> / <c>CNB_LAYERS_DIR</c>.</summary>
    public required string LayersDir { get; init; }

    /// <summary><c>-buildpacks</c> / <c>CNB_BUILDPACKS_DIR</c>.</summary>
    public required string BuildpacksDir { get; init; }

    /// <summary><c>-platform</c> / <c>CNB_PLATFORM_DIR</c>.</summary>
    public required string PlatformDir { get; init; }

    /// <summary><c>-order</c> / <c>CNB_ORDER_PATH</c>; null means <c>&lt;layers&gt;/order.toml</c> if it exists, else <c>/cnb/order.toml</c>.</summary>
    public string? OrderPath { get; init; }

    /// <summary><c>-build-config</c> / <c>CNB_BUILD_CONFIG_DIR</c>; null for none.</summary>
    public string? BuildConfigDir { get; init; }

    /// <summary><c>-system</c> / <c>CNB_SYSTEM_PATH</c>; null for none.</summary>
    public string? SystemPath { get; init; }

    /// <summary><c>-run</c> / <c>CNB_RUN_PATH</c>: run.toml, where the run image and its mirrors come from.</summary>
    public string? RunPath { get; init; }

    /// <summary><c>-run-image</c> / <c>CNB_RUN_IMAGE</c>: overrides run.toml.</summary>
    public string? RunImage { get; init; }

    /// <summary><c>&lt;image&gt; [-tag …]</c>: the app image names; the first is the image.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary><c>-previous-image</c>; null means the first tag.</summary>
    public ImageReference? PreviousImage { get; init; }

    /// <summary>Where the app image is written (and the previous image read).</summary>
    public required IImageStore Store { get; init; }

    /// <summary>Where the run image is read; null means <see cref="Store"/>.</summary>
    public IImageStore? RunImageStore { get; init; }

    /// <summary>The build cache; null for none.</summary>
    public ILayerCache? Cache { get; init; }

    /// <summary><c>-skip-restore</c> / <c>CNB_SKIP_RESTORE</c>: restore no layers from the previous image or cache.</summary>
    public bool SkipRestore { get; init; }

    /// <summary><c>-launcher</c>: the launcher binary.</summary>
    public required string LauncherPath { get; init; }

    /// <summary><c>-launcher-sbom</c>: where the launcher's and lifecycle's own SBOMs are; null copies none.</summary>
    public string? LauncherSbomDir { get; init; }

    /// <summary>The launcher's version and source for the build metadata label.</summary>
    public LauncherLabelMetadata LauncherMetadata { get; init; } = new();

    /// <summary><c>-uid</c> / <c>CNB_USER_ID</c>.</summary>
    public int Uid { get; init; }

    /// <summary><c>-gid</c> / <c>CNB_GROUP_ID</c>.</summary>
    public int Gid { get; init; }

    /// <summary>The image's creation time (<c>SOURCE_DATE_EPOCH</c>).</summary>
    public DateTimeOffset Created { get; init; } = Export.CreatedTime.Default;

    /// <summary><c>-process-type</c>.</summary>
    public string? DefaultProcessType { get; init; }

    /// <summary><c>CNB_EXEC_ENV</c>.</summary>
    public string ExecEnv { get; init; } = PlatformDefaults.ExecEnv;

    /// <summary><c>-report</c>; null writes no report.</summary>
    public string? ReportPath { get; init; }

    /// <summary><c>-project-metadata</c>; null means <c>&lt;layers&gt;/project-metadata.toml</c>.</summary>
    public string? ProjectMetadataPath { get; init; }

    /// <summary>Where the app dir is in the image; null keeps its path (see <see cref="ExporterOptions.ImageAppDir"/>).</summary>
    public string? ImageAppDir { get; init; }

    /// <summary>Where the layers dir is in the image; null keeps its path.</summary>
    public string? ImageLayersDir { get; init; }

    /// <summary>The platform to pick from multi-platform images; null means linux on this machine's architecture.</summary>
    public Images.Model.ImagePlatform? ImagePlatform { get; init; }

    /// <summary>Labels the platform sets on the app image (see <see cref="ExporterOptions.Labels"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The lifecycle's environment, filtered for buildpacks; null means the current process's.</summary>
    public IReadOnlyDictionary<string, string>? HostEnvironment { get; init; }
}
