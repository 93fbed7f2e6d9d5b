using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks;

/// <summary>
/// What the targets pass to <see cref="PublishBuildpackImage"/>, and to <see cref="PrepareBuildpackBuilder"/> before the
/// project compiles: one parameter surface, mapped once (<see cref="PublishRequestMapping"/>). Every property is the
/// MSBuild property of the same name; the defaults are documented in the README and applied in the mapping, so a
/// property left empty means its default.
/// </summary>
public abstract class BuildpackImageParameters : BuildpackTask
{
    /// <summary>The publish output: the app directory of the build.</summary>
    [Required]
    public string PublishDirectory { get; set; } = "";

    /// <summary>The project's name (<c>$(MSBuildProjectName)</c>), which the result line starts with.</summary>
    public string? ProjectName { get; set; }

    /// <summary>The project's directory: where project.toml is looked for and relative paths resolve.</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary>
    /// Where the incremental stamp lives (in the intermediate output directory): with an unchanged publish output and
    /// configuration the image step is skipped. Empty: never skipped.
    /// </summary>
    public string? StampFile { get; set; }

    /// <summary>
    /// <c>BuildpackImage</c>: the app image, <c>name[:tag]</c>; empty to name it after the project
    /// (<see cref="BuildpackRegistry"/>, <see cref="BuildpackRepository"/> or <see cref="AssemblyName"/>, <see cref="Version"/>).
    /// </summary>
    public string BuildpackImage { get; set; } = "";

    /// <summary><c>BuildpackRegistry</c>: the registry (and namespace) of an image named after the project, e.g. <c>ghcr.io/team</c>.</summary>
    public string? BuildpackRegistry { get; set; }

    /// <summary><c>BuildpackRepository</c>: the repository of an image named after the project; empty for the lower-cased <see cref="AssemblyName"/>.</summary>
    public string? BuildpackRepository { get; set; }

    /// <summary>The project's <c>AssemblyName</c>: the default repository of an image named after the project.</summary>
    public string? AssemblyName { get; set; }

    /// <summary>The project's <c>Version</c>: the tag of an image named after the project.</summary>
    public string? Version { get; set; }

    /// <summary><c>BuildpackTags</c>: more tags for the image, separated by ';'.</summary>
    public string? BuildpackTags { get; set; }

    /// <summary><c>BuildpackBuilder</c>: the builder image; empty for project.toml's, else <see cref="Buildpacks.Platform.Execution.BuilderDefaults.BuilderName"/>.</summary>
    public string? BuildpackBuilder { get; set; }

    /// <summary><c>BuildpackRunImage</c>: overrides the builder's run image.</summary>
    public string? BuildpackRunImage { get; set; }

    /// <summary><c>BuildpackRunImageMirrors</c>: other names of the run image (';'-separated); the one on the image's (or builder's) registry is used.</summary>
    public string? BuildpackRunImageMirrors { get; set; }

    /// <summary><c>BuildpackExecution</c>: Auto (Container when a daemon answers, else Local on Linux), Container or Local.</summary>
    public string? BuildpackExecution { get; set; }

    /// <summary><c>BuildpackPublish</c>: push the image to the registry named by <see cref="BuildpackImage"/>.</summary>
    public bool BuildpackPublish { get; set; }

    /// <summary><c>BuildpackLayoutOutputPath</c>: write the image to this OCI image layout directory.</summary>
    public string? BuildpackLayoutOutputPath { get; set; }

    /// <summary><c>BuildpackArchiveOutputPath</c>: write the image to this tarball (<c>docker load</c> takes it).</summary>
    public string? BuildpackArchiveOutputPath { get; set; }

    /// <summary><c>BuildpackPullPolicy</c>: IfNotPresent (default), Always or Never.</summary>
    public string? BuildpackPullPolicy { get; set; }

    /// <summary><c>BuildpackTrustBuilder</c>: true or false; empty trusts well-known builders and <see cref="BuildpackTrustedBuilders"/>.</summary>
    public string? BuildpackTrustBuilder { get; set; }

    /// <summary><c>BuildpackTrustExtraBuildpacks</c>: true to keep a trusted builder trusted when Buildpack items add buildpacks from outside it.</summary>
    public string? BuildpackTrustExtraBuildpacks { get; set; }

    /// <summary><c>BuildpackLifecycleImage</c>: the image an untrusted builder's analyzer, restorer and exporter run from; default docker.io/buildpacksio/lifecycle:&lt;version&gt;.</summary>
    public string? BuildpackLifecycleImage { get; set; }

    /// <summary><c>BuildpackTrustedBuilders</c>: builder names (no tag: every tag) trusted without BuildpackTrustBuilder, ';'-separated.</summary>
    public string? BuildpackTrustedBuilders { get; set; }

    /// <summary><c>BuildpackNetwork</c>: the build containers' network (Container mode); default host.</summary>
    public string? BuildpackNetwork { get; set; }

    /// <summary><c>BuildpackCacheImage</c>: a registry image that holds the build cache.</summary>
    public string? BuildpackCacheImage { get; set; }

    /// <summary><c>BuildpackCacheVolume</c>: a Docker volume that holds the build cache (Container mode).</summary>
    public string? BuildpackCacheVolume { get; set; }

    /// <summary><c>BuildpackCacheDirectory</c>: a directory that holds the build cache.</summary>
    public string? BuildpackCacheDirectory { get; set; }

    /// <summary><c>BuildpackClearCache</c>: start from an empty build cache.</summary>
    public bool BuildpackClearCache { get; set; }

    /// <summary><c>BuildpackCreatedDate</c>: empty for a reproducible date, <c>now</c>, or an ISO-8601 date.</summary>
    public string? BuildpackCreatedDate { get; set; }

    /// <summary><c>BuildpackAppDirectory</c>: where the app lives in the image; default /workspace.</summary>
    public string? BuildpackAppDirectory { get; set; }

    /// <summary><c>BuildpackPlatform</c>: the platform picked from multi-platform builder and run images; empty for <see cref="RuntimeIdentifier"/>'s.</summary>
    public string? BuildpackPlatform { get; set; }

    /// <summary>The project's <c>RuntimeIdentifier</c>: a Linux RID (<c>-r linux-arm64</c>) builds for its platform when <see cref="BuildpackPlatform"/> is empty.</summary>
    public string? RuntimeIdentifier { get; set; }

    /// <summary><c>BuildpackDefaultProcess</c>: the image's default process type.</summary>
    public string? BuildpackDefaultProcess { get; set; }

    /// <summary><c>BuildpackPreviousImage</c>: the image whose layers are reused; default the image itself.</summary>
    public string? BuildpackPreviousImage { get; set; }

    /// <summary><c>BuildpackSbomOutputDirectory</c>: where the build's SBOM files are copied.</summary>
    public string? BuildpackSbomOutputDirectory { get; set; }

    /// <summary><c>BuildpackDockerHost</c>: the Docker Engine endpoint; default DOCKER_HOST, the docker context, the default socket.</summary>
    public string? BuildpackDockerHost { get; set; }

    /// <summary><c>BuildpackDockerSocket</c>: the daemon's socket as its own machine sees it, bound into the phases that export to the daemon.</summary>
    public string? BuildpackDockerSocket { get; set; }

    /// <summary><c>BuildpackInsecureRegistries</c>: registries reached over HTTP or unverified TLS, separated by ';'.</summary>
    public string? BuildpackInsecureRegistries { get; set; }

    /// <summary><c>BuildpackVerbose</c>: the lifecycle's output at normal verbosity, and its debug level.</summary>
    public bool BuildpackVerbose { get; set; }

    /// <summary><c>BuildpackForce</c>: build the image even when nothing changed since the last build.</summary>
    public bool BuildpackForce { get; set; }

    /// <summary>Items <c>BuildpackEnvironment</c>: <c>Include</c> = variable name, metadata <c>Value</c>; the build's platform env.</summary>
    public ITaskItem[] BuildpackEnvironment { get; set; } = [];

    /// <summary>
    /// Items <c>Buildpack</c>: buildpacks to run instead of the builder's order, in order — <c>id[@version]</c> of one the
    /// builder has, a directory, a .cnb/.tgz file, or an image (<c>docker://</c>).
    /// </summary>
    public ITaskItem[] Buildpacks { get; set; } = [];

    /// <summary>
    /// Items <c>BuildpackBinding</c>: <c>Include</c> = a directory of this machine, metadata <c>Target</c> = a binding name
    /// (mounted under /platform/bindings) or an absolute path in the build, <c>ReadOnly</c> (default true).
    /// </summary>
    public ITaskItem[] BuildpackBindings { get; set; } = [];

    /// <summary>
    /// Items <c>BuildpackSecret</c>: <c>Include</c> = the name of an environment variable that holds a secret (read when
    /// the build starts, never by MSBuild), metadata <c>Binding</c> (default: the name lower-cased, '_' as '-'),
    /// <c>Key</c> (default <c>secret</c>) and <c>Type</c> (default: the binding's name); the build sees it in
    /// <c>/platform/bindings/&lt;Binding&gt;/&lt;Key&gt;</c>.
    /// </summary>
    public ITaskItem[] BuildpackSecrets { get; set; } = [];

    /// <summary>Items <c>BuildpackLabel</c>: <c>Include</c> = label name, metadata <c>Value</c>; added to the image.</summary>
    public ITaskItem[] BuildpackLabels { get; set; } = [];

    /// <summary>The labels the targets generate from the project's properties (OCI annotations); <see cref="BuildpackLabels"/> of the same name win.</summary>
    public ITaskItem[] GeneratedLabels { get; set; } = [];

    /// <summary><c>BuildpackGenerateLabels</c>: false leaves out the generated labels, the image's created time among them.</summary>
    public bool BuildpackGenerateLabels { get; set; } = true;

    /// <summary>Items <c>BuildpackPort</c>: <c>Include</c> = port number, metadata <c>Type</c> = tcp (default) or udp; exposed by the image.</summary>
    public ITaskItem[] BuildpackPorts { get; set; } = [];

    /// <summary>Items <c>BuildpackRuntimeEnvironment</c>: <c>Include</c> = variable name, metadata <c>Value</c>; set in the image for the app.</summary>
    public ITaskItem[] BuildpackRuntimeEnvironment { get; set; } = [];
}
