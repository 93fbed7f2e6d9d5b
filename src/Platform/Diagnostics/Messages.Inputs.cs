namespace Buildpacks.Platform.Diagnostics;

/// <content>BP1xxx: task inputs and properties (BP10xx the publish task's properties, BP11xx project.toml, BP12xx Local execution).</content>
public static partial class Messages
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
}
