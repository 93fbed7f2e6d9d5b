namespace Buildpacks.MSBuild.Tasks.Resources;

/// <summary>
/// Every message the tasks log as an error or warning, each prefixed with its code. The one place codes live; ranges:
/// BP1xxx task inputs and properties, BP2xxx registries and images, BP3xxx the daemon, BP4xxx the lifecycle and the
/// build, BP9xxx the unexpected. Formatted with <see cref="string.Format(IFormatProvider, string, object[])"/>.
/// </summary>
internal static class Messages
{
    /// <summary>{0}: the value, {1}: why it is invalid.</summary>
    public const string InvalidImageName = "BP1001: BuildpackImage '{0}' is not a valid image name ({1}). Set BuildpackImage to name[:tag], e.g. registry.example.com/team/app:1.0.";

    /// <summary>{0}: the value, {1}: why it is invalid.</summary>
    public const string InvalidBuilderName = "BP1002: BuildpackBuilder '{0}' is not a valid image name ({1}). Set BuildpackBuilder to a builder image name.";

    /// <summary>{0}: the value, {1}: why it is invalid.</summary>
    public const string InvalidTag = "BP1003: BuildpackTags has '{0}', which is not a valid tag ({1}). Tags are separated by ';'.";

    /// <summary>{0}: the directory.</summary>
    public const string PublishDirectoryMissing = "BP1004: The publish directory '{0}' does not exist; run Publish first, or set PublishDir.";

    /// <summary>{0}: the value.</summary>
    public const string UnsupportedExecution = "BP1005: BuildpackExecution '{0}' is not supported yet; only 'Local' (and 'Auto', which means Local for now) runs. Set BuildpackExecution=Local.";

    /// <summary>No arguments.</summary>
    public const string NoDestination = "BP1006: There is nowhere to put the image: set BuildpackPublish=true (push to the registry in BuildpackImage), BuildpackLayoutOutputPath (an OCI layout directory) or BuildpackArchiveOutputPath (a tarball).";

    /// <summary>No arguments.</summary>
    public const string SeveralDestinations = "BP1007: Only one of BuildpackPublish=true, BuildpackLayoutOutputPath and BuildpackArchiveOutputPath may be set.";

    /// <summary>{0}: the value.</summary>
    public const string InvalidPlatform = "BP1008: BuildpackPlatform '{0}' is not a platform; use os/architecture[/variant], e.g. linux/amd64.";

    /// <summary>{0}: the operating system.</summary>
    public const string LocalNeedsLinux = "BP1009: Local execution runs buildpacks on this machine and needs Linux; this is {0}.";

    /// <summary>{0}: the builder, {1}: where it was looked for.</summary>
    public const string BuilderNotFound = "BP2001: The builder '{0}' was not found in {1}. Push or create it there, or set BuildpackBuilder to a builder that exists.";

    /// <summary>{0}: the builder, {1}: what is wrong.</summary>
    public const string InvalidBuilder = "BP2002: '{0}' cannot be used as a builder: {1}";

    /// <summary>{0}: what failed.</summary>
    public const string RegistryFailed = "BP2003: A registry or image store failed: {0}";

    /// <summary>{0}: the lifecycle's message.</summary>
    public const string DetectFailed = "BP4001: No buildpack group passed detection for the publish output: {0} Check that the builder has buildpacks for this kind of app.";

    /// <summary>{0}: the lifecycle's message.</summary>
    public const string BuildFailed = "BP4002: A buildpack failed to build the app: {0}";

    /// <summary>{0}: the exit code, {1}: the lifecycle's message.</summary>
    public const string LifecycleFailed = "BP4003: The lifecycle failed (exit code {0}): {1}";

    /// <summary>{0}: the image name, {1}: the digest.</summary>
    public const string ImageBuilt = "BP4100: Built {0}@{1}";

    /// <summary>{0}: the exception's type and message.</summary>
    public const string Unexpected = "BP9001: Building the image failed unexpectedly: {0}";
}
