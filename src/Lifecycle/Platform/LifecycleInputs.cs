using System.Diagnostics.CodeAnalysis;
using Buildpacks.Images.Model;
using Buildpacks.Images.References;
using Buildpacks.Images.Stores;
using Buildpacks.Lifecycle.Cache;
using Buildpacks.Lifecycle.Env;
using Buildpacks.Lifecycle.Export;
using Buildpacks.Lifecycle.Metadata;

namespace Buildpacks.Lifecycle.Platform;

/// <summary>
/// Every input of every phase, and the one place their defaults are resolved (Platform API, each phase's "Inputs";
/// lifecycle platform/lifecycle_inputs.go). A platform sets what it knows (the CLI from flags over <c>CNB_*</c>
/// variables, an in-process platform from its request) and each phase reads the fields it needs. A path left unset,
/// or set to null, has its Platform API default: a location of <see cref="PlatformDefaults"/>, or for the files the
/// phases hand each other a file of <see cref="LayersDir"/>, derived when read, so <c>with { LayersDir = … }</c> moves
/// every such file that was not named.
/// </summary>
public sealed record LifecycleInputs
{
    /// <summary>The Platform API every phase runs under; its per-version rules live in <see cref="Platform.PlatformApi"/>.</summary>
    public required PlatformApi PlatformApi { get; init; }

    // Directories provided at build time (Platform API, "Provided at build time").

    /// <summary><c>-app</c> / <c>CNB_APP_DIR</c>: where the lifecycle finds the app.</summary>
    [AllowNull]
    public string AppDir { get => field ?? PlatformDefaults.AppDir; init; }

    /// <summary><c>-layers</c> / <c>CNB_LAYERS_DIR</c>.</summary>
    [AllowNull]
    public string LayersDir { get => field ?? PlatformDefaults.LayersDir; init; }

    /// <summary><c>-platform</c> / <c>CNB_PLATFORM_DIR</c>: user env vars and bindings.</summary>
    [AllowNull]
    public string PlatformDir { get => field ?? PlatformDefaults.PlatformDir; init; }

    // Provided by the builder (Platform API, "Provided by the builder image").

    /// <summary><c>-buildpacks</c> / <c>CNB_BUILDPACKS_DIR</c>.</summary>
    [AllowNull]
    public string BuildpacksDir { get => field ?? PlatformDefaults.BuildpacksDir; init; }

    /// <summary><c>-build-config</c> / <c>CNB_BUILD_CONFIG_DIR</c>; null for none.</summary>
    public string? BuildConfigDir { get; init; } = PlatformDefaults.BuildConfigDir;

    /// <summary>
    /// <c>-order</c> / <c>CNB_ORDER_PATH</c>; by default <c>&lt;layers&gt;/order.toml</c> when that file exists (a
    /// platform may put one there), else <c>/cnb/order.toml</c>, looked up when read.
    /// </summary>
    [AllowNull]
    public string OrderPath
    {
        get => field ?? (File.Exists(InLayers(PlatformDefaults.OrderFile)) ? InLayers(PlatformDefaults.OrderFile) : PlatformDefaults.OrderPath);
        init;
    }

    /// <summary><c>-system</c> / <c>CNB_SYSTEM_PATH</c> (Platform API 0.15); null for none.</summary>
    public string? SystemPath { get; init; } = PlatformDefaults.SystemPath;

    /// <summary><c>-run</c> / <c>CNB_RUN_PATH</c>: run.toml, the run images and their mirrors; null for none.</summary>
    public string? RunPath { get; init; } = PlatformDefaults.RunPath;

    /// <summary><c>-launcher</c> / <c>CNB_LAUNCHER_PATH</c>: the launcher binary put into app images.</summary>
    [AllowNull]
    public string LauncherPath { get => field ?? PlatformDefaults.LauncherPath; init; }

    /// <summary>Where <c>launcher.sbom.*</c> and <c>lifecycle.sbom.*</c> are (lifecycle <c>-launcher-sbom</c>); null copies none.</summary>
    public string? LauncherSbomDir { get; init; }

    /// <summary>The launcher's version and source for the build metadata label.</summary>
    public LauncherLabelMetadata LauncherMetadata { get; init; } = new();

    // Files the phases hand each other, under the layers directory by default.

    /// <summary><c>-analyzed</c> / <c>CNB_ANALYZED_PATH</c>: written by the analyzer, read by every later phase.</summary>
    [AllowNull]
    public string AnalyzedPath { get => field ?? InLayers(PlatformDefaults.AnalyzedFile); init; }

    /// <summary><c>-group</c> / <c>CNB_GROUP_PATH</c>: written by the detector.</summary>
    [AllowNull]
    public string GroupPath { get => field ?? InLayers(PlatformDefaults.GroupFile); init; }

    /// <summary><c>-plan</c> / <c>CNB_PLAN_PATH</c>: written by the detector.</summary>
    [AllowNull]
    public string PlanPath { get => field ?? InLayers(PlatformDefaults.PlanFile); init; }

    /// <summary><c>-project-metadata</c> / <c>CNB_PROJECT_METADATA_PATH</c>: read by the exporter when it exists.</summary>
    [AllowNull]
    public string ProjectMetadataPath { get => field ?? InLayers(PlatformDefaults.ProjectMetadataFile); init; }

    /// <summary><c>-report</c> / <c>CNB_REPORT_PATH</c>: written by the exporter.</summary>
    [AllowNull]
    public string ReportPath { get => field ?? InLayers(PlatformDefaults.ReportFile); init; }

    // Images.

    /// <summary><c>&lt;image&gt;</c> and <c>-tag</c> (or the exporter's <c>&lt;image&gt;…</c>): the first is the output image.</summary>
    public IReadOnlyList<ImageReference> Tags { get; init; } = [];

    /// <summary>The output image: the first of <see cref="Tags"/>.</summary>
    /// <exception cref="InvalidOperationException">There is none.</exception>
    public ImageReference OutputImage => Tags.Count > 0 ? Tags[0] : throw new InvalidOperationException("No output image was given.");

    /// <summary><c>-previous-image</c> / <c>CNB_PREVIOUS_IMAGE</c>; null means the output image.</summary>
    public ImageReference? PreviousImage { get; init; }

    /// <summary><c>-run-image</c> / <c>CNB_RUN_IMAGE</c> as given; null means the first image of run.toml.</summary>
    public string? RunImage { get; init; }

    /// <summary>Where the app image is written and the previous image read; the phases that touch images need it.</summary>
    public IImageStore? Store { get; init; }

    /// <summary>Where the run image is read; by default <see cref="Store"/>.</summary>
    public IImageStore? RunImageStore { get => field ?? Store; init; }

    /// <summary>The platform picked from multi-platform images; by default linux on this machine's architecture.</summary>
    [AllowNull]
    public ImagePlatform ImagePlatform { get => field ?? ImagePlatform.Current; init; }

    // Build.

    /// <summary>The build cache (<c>-cache-dir</c> or <c>-cache-image</c>, already opened); null for none.</summary>
    public ILayerCache? Cache { get; init; }

    /// <summary>
    /// Where the exporter keeps the diff IDs of the layers it hashed (<see cref="Export.LayerDiffIdCache"/>), so that
    /// unchanged files are not hashed again at the next export of the same app directory; null (the reference
    /// lifecycle's behaviour) hashes every layer every time. A platform sets it only where one export at a time uses it.
    /// </summary>
    public string? LayerDiffIdCachePath { get; init; }

    /// <summary>
    /// <c>-skip-layers</c> / <c>CNB_SKIP_LAYERS</c> (the creator's <c>-skip-restore</c>): restore no layers from the
    /// previous image or the cache (store.toml still comes back).
    /// </summary>
    public bool SkipLayers { get; init; }

    /// <summary><c>CNB_EXEC_ENV</c> (Platform API 0.15).</summary>
    [AllowNull]
    public string ExecEnv { get => field ?? PlatformDefaults.ExecEnv; init; }

    /// <summary>The lifecycle's own environment, which buildpacks see filtered; by default this process's.</summary>
    [AllowNull]
    public IReadOnlyDictionary<string, string> HostEnvironment { get => field ?? BuildEnvironment.CurrentProcessVariables(); init; }

    // Export.

    /// <summary><c>-uid</c> / <c>CNB_USER_ID</c>: the owner of exported layer and app files.</summary>
    public int Uid { get; init; }

    /// <summary>
    /// Whether the user running these phases stands for the build user (<see cref="Uid"/>): a platform that runs the
    /// phases that run buildpacks in a user namespace mapping this user to the build user (Local execution's sandbox).
    /// Then what the phases restore stays this user's, instead of taking the tar's owner as the reference lifecycle
    /// does as root (an owner the sandbox would show as nobody, so buildpacks could not change their own layers).
    /// </summary>
    public bool BuildUserIsThisUser { get; init; }

    /// <summary><c>-gid</c> / <c>CNB_GROUP_ID</c>.</summary>
    public int Gid { get; init; }

    /// <summary>The image's creation time; see <see cref="Export.CreatedTime"/> for <c>SOURCE_DATE_EPOCH</c>.</summary>
    public DateTimeOffset Created { get; init; } = CreatedTime.Default;

    /// <summary><c>-process-type</c> / <c>CNB_PROCESS_TYPE</c>: the default process, overriding the buildpacks' choice.</summary>
    public string? DefaultProcessType { get; init; }

    /// <summary>
    /// Where the app dir is in the image; by default <see cref="AppDir"/> itself (the reference lifecycle's only
    /// behaviour, right inside a build container). A platform running the lifecycle on the host sets the canonical
    /// path, e.g. <c>/workspace</c>.
    /// </summary>
    [AllowNull]
    public string ImageAppDir { get => field ?? AppDir; init; }

    /// <summary>Where the layers dir is in the image; by default <see cref="LayersDir"/> itself.</summary>
    [AllowNull]
    public string ImageLayersDir { get => field ?? LayersDir; init; }

    /// <summary>
    /// Labels the platform sets on the app image (pack's and Spring Boot's image labels), in order; set after the
    /// lifecycle's and the buildpacks' own, so a platform label wins over a buildpack's label of the same name.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>
    /// Ports the platform exposes in the app image's config (<c>8080/tcp</c>), besides the run image's: a platform
    /// extension, like <see cref="Labels"/> (the SDK's ContainerPort).
    /// </summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    /// <summary>
    /// Variables the platform sets in the app image's config, over the run image's and under the lifecycle's own: what
    /// the launcher starts with, so a buildpack's launch env (override, append…) still applies over them and a
    /// container's own variables replace them (the SDK's ContainerEnvironmentVariable). A platform extension.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    private string InLayers(string file) => Path.Combine(LayersDir, file);
}
