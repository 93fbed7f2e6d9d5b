namespace Buildpacks.Platform.Diagnostics;

/// <content>BP3xxx: the Docker daemon and Container execution (BP30xx errors, BP31xx warnings).</content>
public static partial class Messages
{
    /// <summary>{0}: the endpoint, {1}: where it came from, {2}: what failed.</summary>
    public const string DaemonUnreachable = "BP3001: No Docker daemon answers at {0} ({1}): {2}. Start Docker (or Podman's service), set BuildpackDockerHost (or DOCKER_HOST) to a daemon that runs, or set BuildpackExecution=Local to build without a daemon.";

    /// <summary>{0}: the builder, {1}: the daemon.</summary>
    public const string BuilderNotInDaemon = "BP3002: The builder '{0}' is not in the Docker daemon at {1} and BuildpackPullPolicy is Never. Pull it first (docker pull {0}) or set BuildpackPullPolicy=IfNotPresent.";

    /// <summary>{0}: the builder, {1}: the daemon's answer.</summary>
    public const string BuilderPullFailed = "BP3003: The builder '{0}' could not be pulled: {1}. Check the name and that its registry is reachable (and credentials in ~/.docker/config.json), or set BuildpackBuilder to a builder that exists.";

    /// <summary>{0}: the run image, {1}: the daemon.</summary>
    public const string RunImageNotInDaemon = "BP3004: The run image '{0}' is not in the Docker daemon at {1} and BuildpackPullPolicy is Never. Pull it first (docker pull {0}) or set BuildpackPullPolicy=IfNotPresent.";

    /// <summary>{0}: the run image, {1}: the daemon's answer.</summary>
    public const string RunImagePullFailed = "BP3005: The run image '{0}' could not be pulled: {1}. Check BuildpackRunImage (or the builder's run image) and that its registry is reachable.";

    /// <summary>{0}: the builder, {1}: what is wrong.</summary>
    public const string InvalidBuilderImage = "BP3006: '{0}' cannot be used as a builder: {1} Set BuildpackBuilder to a builder image (made with CreateBuildpackBuilder or 'pack builder create').";

    /// <summary>{0}: the builder, {1}: its Platform APIs, {2}: ours.</summary>
    public const string NoCommonPlatformApi = "BP3007: The lifecycle of builder '{0}' supports Platform API {1}, none of which this platform speaks ({2}): it needs a lifecycle of version 0.17 or later. Builders made since mid-2023 carry one (paketobuildpacks/builder-jammy-* from August 2023 on, heroku/builder:22, 24 and 26 and gcr.io/buildpacks/builder ship lifecycle 0.21); use such a builder, or a newer version of this one.";

    /// <summary>{0}: the operation, {1}: the daemon, {2}: the daemon's answer.</summary>
    public const string DaemonRequestFailed = "BP3010: The Docker daemon at {1} refused to {0}: {2}. Check the daemon's log and free disk space; retry once the daemon is healthy.";

    /// <summary>{0}: the phase, {1}: the exit code, {2}: the last lines it printed.</summary>
    public const string PhaseFailed = "BP3011: The lifecycle phase '{0}' failed with exit code {1}: {2}";

    /// <summary>{0}: the container, {1}: what is missing.</summary>
    public const string ReportMissing = "BP3012: The lifecycle finished but left no usable report.toml in container {0} ({1}); the builder's lifecycle may not follow the Platform API. Run with BuildpackVerbose=true to see its output.";

    /// <summary>{0}: the image, {1}: the destination, {2}: what failed.</summary>
    public const string ExportCopyFailed = "BP3013: The image {0} was built but could not be written to {1}: {2}";

    /// <summary>{0}: the lifecycle image, {1}: why it could not be had.</summary>
    public const string LifecycleImageUnavailable = "BP3015: The lifecycle image '{0}' could not be had: {1}. The analyzer, restorer and exporter of an untrusted builder run from a lifecycle image (BuildpackLifecycleImage; default docker.io/buildpacksio/lifecycle:<the builder's lifecycle version>), so that nothing of the builder runs with the Docker daemon or registry credentials. Set BuildpackLifecycleImage to one that can be pulled, or trust the builder (BuildpackTrustBuilder=true) if you trust what it carries.";

    /// <summary>{0}: the lifecycle image, {1}: the daemon.</summary>
    public const string LifecycleImageNotInDaemon = "BP3016: The lifecycle image '{0}' is not in the Docker daemon at {1} and BuildpackPullPolicy is Never. The analyzer, restorer and exporter of an untrusted builder run from it (BuildpackLifecycleImage); pull it first (docker pull {0}) or set BuildpackPullPolicy=IfNotPresent.";

    /// <summary>{0}: the negotiated Platform API, {1}: the registries.</summary>
    public const string InsecureRegistryUnsupported = "BP3101: The builder's lifecycle speaks Platform API {0}, which has no -insecure-registry (it came with 0.13, lifecycle 0.19), so {1} cannot be named insecure. That lifecycle reaches loopback and private-address (RFC 1918) registries over plain HTTP by itself; any other registry it reaches over HTTPS only. Use a builder with a newer lifecycle if the build fails there.";
}
