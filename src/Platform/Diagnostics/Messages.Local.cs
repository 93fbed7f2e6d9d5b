namespace Buildpacks.Platform.Diagnostics;

/// <content>BP12xx: Local execution (our lifecycle in this process, buildpacks as child processes, no daemon).</content>
public static partial class Messages
{
    /// <summary>{0}: the binding's target.</summary>
    public const string LocalBindingAbsoluteTarget = "BP1201: The binding target '{0}' is not a binding name. Local execution runs buildpacks on this machine, so a binding can only appear as <platform>/bindings/<name>: give it a plain name as its target, or use BuildpackExecution=Container to mount at other paths.";

    /// <summary>{0}: the binding's source.</summary>
    public const string LocalBindingSourceMissing = "BP1202: The binding source '{0}' is not a directory. Point the binding at an existing directory.";

    /// <summary>{0}: the buildpack as given, {1}: why it cannot be used.</summary>
    public const string LocalBuildpackUnusable = "BP1203: The buildpack '{0}' cannot be used: {1}";

    /// <summary>{0}: the buildpack id, {1}: the builder, {2}: the versions it has (or 'none').</summary>
    public const string LocalBuildpackNotInBuilder = "BP1204: The builder {1} has no buildpack '{0}' (versions it has: {2}). Give id@version of a buildpack the builder carries, or a directory, .cnb/.tgz file or image of the buildpack.";

    /// <summary>{0}: the daemon endpoint, {1}: what failed.</summary>
    public const string LocalDaemonUnreachable = "BP1205: The image is to go to the Docker daemon, but no daemon answers at {0} ({1}). Start the daemon, set BuildpackDockerHost, or publish to a registry (BuildpackPublish=true), an OCI layout or an archive instead.";

    /// <summary>{0}: the directory, {1}: what failed.</summary>
    public const string LocalCacheDirectoryUnusable = "BP1206: The cache directory '{0}' cannot be used: {1}. Fix its permissions, or set BuildpackCacheDirectory to another directory.";

    /// <summary>{0}: the builder, {1}: what failed.</summary>
    public const string LocalBuilderUnreadable = "BP1207: The files of the builder {0} cannot be extracted: {1}";

    /// <summary>{0}: the builder, {1}: where it was looked for.</summary>
    public const string LocalBuilderNotPresent = "BP1208: The builder {0} is not in {1}, and BuildpackPullPolicy=Never forbids pulling it. Pull or push it first, or set BuildpackPullPolicy=IfNotPresent.";

    /// <summary>{0}: the cache volume.</summary>
    public const string LocalCacheVolumeUnsupported = "BP1209: BuildpackCacheVolume '{0}' names a Docker volume, which Local execution cannot use. Set BuildpackCacheDirectory (or BuildpackCacheImage) instead, or use BuildpackExecution=Container.";

    /// <summary>{0}: the path, {1}: what failed.</summary>
    public const string LocalAppCopyFailed = "BP1210: The publish output could not be copied for the build ('{0}': {1}). Check the file's permissions.";

    /// <summary>{0}: the directory, {1}: what failed.</summary>
    public const string LocalSbomCopyFailed = "BP1211: The SBOM files could not be copied to '{0}': {1}. Check that the directory is writable, or unset BuildpackSbomOutputDirectory.";

    /// <summary>{0}: the name.</summary>
    public const string LocalEnvironmentNameInvalid = "BP1212: The build environment variable name '{0}' cannot be a file name of the platform's env directory (it is empty, has '/' or '=', or is '.' or '..'). Fix the BuildpackEnvironment item or project.toml's [[io.buildpacks.build.env]] name.";

    /// <summary>{0}: the binding name.</summary>
    public const string LocalBindingDuplicate = "BP1213: Two bindings are both named '{0}'. Give each binding its own name.";
}
