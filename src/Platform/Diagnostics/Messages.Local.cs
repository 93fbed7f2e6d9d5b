namespace Buildpacks.Platform.Diagnostics;

/// <content>BP8xxx: Local execution (no daemon: the builder read from its image, our lifecycle in this process): BP80xx.</content>
public static partial class Messages
{
    /// <summary>{0}: the operating system.</summary>
    public const string LocalNeedsLinux = "BP8001: Local execution runs buildpacks in a Linux sandbox (bubblewrap) and needs Linux; this is {0}. Use Container execution with Docker Desktop, Colima or Podman (BuildpackExecution=Container).";

    /// <summary>{0}: the builder.</summary>
    public const string LocalNeedsTrustedBuilder = "BP8002: Local execution exports the image and the cache in this process, with your credentials, from what the builder's buildpacks wrote, so it takes trusted builders only (as a trusted builder's creator gets the credentials in Container execution), and '{0}' is not one (the well-known trusted builders are paketobuildpacks/*, heroku/builder*, gcr.io/buildpacks/builder*). If you trust it, set BuildpackTrustBuilder=true or add its name to BuildpackTrustedBuilders; else use Container execution (a Docker daemon, BuildpackExecution=Container).";

    /// <summary>{0}: the daemon endpoint, {1}: what failed.</summary>
    public const string LocalDaemonUnreachable = "BP8004: The image is to go to the Docker daemon, but no daemon answers at {0} ({1}). Start the daemon, set BuildpackDockerHost, or publish to a registry (BuildpackPublish=true), an OCI layout or an archive instead.";

    /// <summary>{0}: the directory, {1}: what failed.</summary>
    public const string LocalCacheDirectoryUnusable = "BP8005: The cache directory '{0}' cannot be used: {1}. Fix its permissions, or set BuildpackCacheDirectory to another directory.";

    /// <summary>{0}: the builder, {1}: what failed.</summary>
    public const string LocalBuilderUnreadable = "BP8006: The files of the builder {0} cannot be extracted: {1}";

    /// <summary>{0}: the builder, {1}: where it was looked for.</summary>
    public const string LocalBuilderNotPresent = "BP8007: The builder {0} is not in {1}, and BuildpackPullPolicy=Never forbids pulling it. Pull or push it first, or set BuildpackPullPolicy=IfNotPresent.";

    /// <summary>{0}: the cache volume.</summary>
    public const string LocalCacheVolumeUnsupported = "BP8008: BuildpackCacheVolume '{0}' names a Docker volume, which Local execution cannot use. Set BuildpackCacheDirectory (or BuildpackCacheImage) instead, or use BuildpackExecution=Container.";

    /// <summary>{0}: the path, {1}: what failed.</summary>
    public const string LocalAppCopyFailed = "BP8009: The publish output could not be copied for the build ('{0}': {1}). Check the file's permissions.";

    /// <summary>{0}: the directory, {1}: what failed.</summary>
    public const string LocalSbomCopyFailed = "BP8010: The SBOM files could not be copied to '{0}': {1}. Check that the directory is writable, or unset BuildpackSbomOutputDirectory.";

    /// <summary>{0}: the name.</summary>
    public const string LocalEnvironmentNameInvalid = "BP8011: The build environment variable name '{0}' cannot be a file name of the platform's env directory (it is empty, has '/' or '=', or is '.' or '..'). Fix the BuildpackEnvironment item or project.toml's [[io.buildpacks.build.env]] name.";

    /// <summary>{0}: the path in the build.</summary>
    public const string LocalBindingDuplicate = "BP8012: Two bindings are both mounted at {0}. Give each binding its own name or target.";

    /// <summary>{0}: where bwrap was looked for.</summary>
    public const string SandboxMissing = "BP8013: Local execution runs the builder's buildpacks in a bubblewrap sandbox, and bwrap is not installed ({0} not found). Install it (Debian and Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap), or use Container execution with a Docker or Podman daemon (BuildpackExecution=Container).";

    /// <summary>{0}: what bwrap said.</summary>
    public const string SandboxNoUserNamespaces = "BP8014: Local execution's sandbox (bwrap) may not create a user namespace on this machine: {0} Allow unprivileged user namespaces: on Ubuntu 23.10 and later, where AppArmor restricts them, install bubblewrap's AppArmor profile (Ubuntu's apparmor package has bwrap-userns-restrict) or run 'sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0'; where user.max_user_namespaces is 0, 'sudo sysctl user.max_user_namespaces=15000'; on Debian 10 and older, 'sudo sysctl kernel.unprivileged_userns_clone=1'; inside a container, give it a seccomp profile that allows unshare. Or use Container execution (BuildpackExecution=Container).";

    /// <summary>{0}: what failed.</summary>
    public const string SandboxFailed = "BP8015: Local execution's sandbox (bwrap) could not be set up: {0} Check that bubblewrap works here (bwrap --unshare-user --ro-bind / / true), or use Container execution (BuildpackExecution=Container).";
}
