using Buildpacks.Images.References;
using Buildpacks.Images.Model;

namespace Buildpacks.Platform.Execution;

/// <summary>
/// One app image to build: everything an execution mode (<see cref="IBuildExecution"/>) needs, already checked and
/// merged (MSBuild properties and items over project.toml). The MSBuild task makes it; the platform never reads
/// MSBuild. Paths are absolute host paths.
/// </summary>
public sealed record BuildRequest
{
    /// <summary>The application directory on this machine: the publish output.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>The project's directory (where project.toml is looked for, and relative paths resolve); may be null.</summary>
    public string? ProjectDirectory { get; init; }

    /// <summary>The image's names: the first is the image, the rest are extra tags. At least one.</summary>
    public required IReadOnlyList<ImageReference> Tags { get; init; }

    /// <summary>The builder image.</summary>
    public required ImageReference Builder { get; init; }

    /// <summary>The run image to use instead of the builder's; null for the builder's.</summary>
    public ImageReference? RunImage { get; init; }

    /// <summary>
    /// Other names of the run image (copies in other registries): the build uses the one on the app image's registry
    /// when publishing, else on the builder's, else the first of these; the app image records them with the run image
    /// so that a rebase can use them too.
    /// </summary>
    public IReadOnlyList<ImageReference> RunImageMirrors { get; init; } = [];

    /// <summary>Where the app image goes.</summary>
    public required ImageDestination Destination { get; init; }

    /// <summary>
    /// The registry the image is published to, when it is (the one registry the unnamed environment credentials,
    /// <c>BUILDPACK_REGISTRY_USERNAME</c>/<c>_PASSWORD</c>, are sent to); null for the other destinations.
    /// </summary>
    public string? PublishRegistry => Destination.Kind == ImageDestinationKind.Registry ? Tags[0].Registry : null;

    /// <summary>Settings for the registries this build reads and writes: its insecure registries and credential sources.</summary>
    public Images.Registry.RegistrySettings RegistrySettings() => new()
    {
        InsecureRegistries = InsecureRegistries,
        DockerConfig = Images.Registry.Credentials.RegistryCredentialChain.FromEnvironment(PublishRegistry),
    };

    /// <summary>
    /// Where Local execution keeps the build's copy of the app between builds of this publish (beside the incremental
    /// stamp, in the intermediate output directory), so that an edit copies only the files it changed; null: a fresh
    /// copy for every build.
    /// </summary>
    public string? KeptAppDirectory { get; init; }

    /// <summary>The image's os/architecture; null for this machine's (linux on its architecture).</summary>
    public ImagePlatform? Platform { get; init; }

    /// <summary>The default process type of the image; null for the buildpacks' default.</summary>
    public string? DefaultProcess { get; init; }

    /// <summary>ImagePlatform environment (the files of <c>&lt;platform&gt;/env/</c>): name → value, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>
    /// Buildpacks to run instead of the builder's order (an ephemeral builder, as <c>pack build --buildpack</c>), in
    /// order: <c>id@version</c> or <c>id</c> of a buildpack the builder has, a directory, a <c>.cnb</c>/<c>.tgz</c>
    /// file, or an image (<c>docker://</c> prefix or any reference that is not a path). Empty: the builder's order.
    /// </summary>
    public IReadOnlyList<string> Buildpacks { get; init; } = [];

    /// <summary>Service bindings and other mounts into the build container.</summary>
    public IReadOnlyList<BuildBinding> Bindings { get; init; } = [];

    /// <summary>Secrets given to the build as service bindings, read from the environment when the build starts.</summary>
    public IReadOnlyList<BuildSecret> Secrets { get; init; } = [];

    /// <summary>Labels added to the app image's config.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Ports the app image's config exposes (<c>8080/tcp</c>), besides the run image's.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    /// <summary>
    /// Variables the app image's config sets, name → value in order: what the app's process sees unless the container
    /// is given other values (<c>docker run -e</c>) or a buildpack overrides them; the lifecycle's own <c>CNB_*</c>
    /// variables are not among them.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> RuntimeEnvironment { get; init; } = [];

    /// <summary>
    /// Which files of <see cref="AppDirectory"/> go into the app: globs relative to it (gitignore style, as project.toml's
    /// <c>[io.buildpacks] include</c>). Empty: all files. At most one of include and exclude is non-empty.
    /// </summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Files of <see cref="AppDirectory"/> left out of the app (project.toml's <c>exclude</c>).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The build cache.</summary>
    public BuildCache Cache { get; init; } = new();

    /// <summary>The image's <c>created</c> time; null means reproducible (1980-01-01T00:00:01Z, or SOURCE_DATE_EPOCH).</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Where the app lives in the build and in the image (the lifecycle's <c>-app</c>).</summary>
    public string ImageAppDirectory { get; init; } = "/workspace";

    /// <summary>The image whose layers are reused; null for the image itself (the first tag).</summary>
    public ImageReference? PreviousImage { get; init; }

    /// <summary>Where the build's SBOM files are copied (the lifecycle's <c>-sbom-output-dir</c>); null for nowhere.</summary>
    public string? SbomOutputDirectory { get; init; }

    /// <summary>When the builder and run image are pulled.</summary>
    public PullPolicy PullPolicy { get; init; } = PullPolicy.IfNotPresent;

    /// <summary>
    /// Whether the builder is trusted (the creator in one container, registry credentials given to it); null: trusted
    /// when it is a well-known builder or listed in <see cref="TrustedBuilders"/>.
    /// </summary>
    public bool? TrustBuilder { get; init; }

    /// <summary>
    /// Whether buildpacks from outside a trusted builder (<see cref="Buildpacks"/> that are not the builder's) are
    /// trusted too; if not (the default, as pack 0.35 and later), such a build runs the five phases.
    /// </summary>
    public bool TrustExtraBuildpacks { get; init; }

    /// <summary>
    /// The image an untrusted builder's analyzer, restorer and exporter run from (pack's <c>--lifecycle-image</c>);
    /// null: <c>docker.io/buildpacksio/lifecycle:&lt;the builder's lifecycle version&gt;</c>.
    /// </summary>
    public ImageReference? LifecycleImage { get; init; }

    /// <summary>Builders the user trusts, as image names (no tag: every tag).</summary>
    public IReadOnlyList<string> TrustedBuilders { get; init; } = [];

    /// <summary>The build containers' network (Docker's <c>--network</c>); null: <c>host</c>.</summary>
    public string? Network { get; init; }

    /// <summary>The Docker Engine endpoint (<c>unix://</c>, <c>tcp://</c>); null: DOCKER_HOST, the docker context, the default socket.</summary>
    public string? DockerHost { get; init; }

    /// <summary>
    /// The daemon's socket as the daemon's own machine sees it, bound into the phases that export to the daemon; null:
    /// the socket this process dials when the daemon runs on this machine, else <c>/var/run/docker.sock</c> (a daemon
    /// in a VM: Docker Desktop, Colima, Podman machine).
    /// </summary>
    public string? DockerSocket { get; init; }

    /// <summary>Registries reached over plain HTTP (host[:port]); loopback registries always are.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>Every lifecycle line at normal importance, and the lifecycle's debug level.</summary>
    public bool Verbose { get; init; }
}
