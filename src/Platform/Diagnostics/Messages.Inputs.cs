namespace Buildpacks.Platform.Diagnostics;

/// <content>BP1xxx: the MSBuild properties and items of the tasks, and what follows from them before any build starts (BP10xx).</content>
public static partial class Messages
{
    /// <summary>No arguments. Raised by the PublishBuildpackImage target itself (Buildpacks.MSBuild.Publish.targets).</summary>
    public const string ImageNotSet = "BP1000: BuildpackImage is not set: set it to the image to build, name[:tag], e.g. -p:BuildpackImage=registry.example.com/team/app:1.0.";

    /// <summary>{0}: the value, {1}: why it is invalid.</summary>
    public const string InvalidImageName = "BP1001: BuildpackImage '{0}' is not a valid image name ({1}). Set BuildpackImage to name[:tag], e.g. registry.example.com/team/app:1.0.";

    /// <summary>{0}: the value, {1}: why it is invalid.</summary>
    public const string InvalidBuilderName = "BP1002: BuildpackBuilder '{0}' is not a valid image name ({1}). Set BuildpackBuilder to a builder image name.";

    /// <summary>{0}: the value, {1}: why it is invalid.</summary>
    public const string InvalidTag = "BP1003: BuildpackTags has '{0}', which is not a valid tag ({1}). Tags are separated by ';'.";

    /// <summary>{0}: the directory.</summary>
    public const string PublishDirectoryMissing = "BP1004: The publish directory '{0}' does not exist; run Publish first, or set PublishDir.";

    /// <summary>{0}: the value.</summary>
    public const string UnsupportedExecution = "BP1005: BuildpackExecution '{0}' is not one of Auto (Container when a Docker daemon answers, else Local), Container or Local.";

    /// <summary>{0}: the Docker endpoint tried.</summary>
    public const string NoDestination = "BP1006: There is nowhere to put the image: no Docker daemon answers at {0}, so the default destination (the daemon) cannot be used. Set BuildpackPublish=true (push to the registry in BuildpackImage), BuildpackLayoutOutputPath (an OCI layout directory) or BuildpackArchiveOutputPath (a tarball), or start Docker.";

    /// <summary>No arguments.</summary>
    public const string SeveralDestinations = "BP1007: Only one of BuildpackPublish=true, BuildpackLayoutOutputPath and BuildpackArchiveOutputPath may be set.";

    /// <summary>{0}: the value.</summary>
    public const string InvalidPlatform = "BP1008: BuildpackPlatform '{0}' is not a platform; use os/architecture[/variant], e.g. linux/amd64.";

    /// <summary>{0}: the value.</summary>
    public const string InvalidPullPolicy = "BP1010: BuildpackPullPolicy '{0}' is not one of IfNotPresent, Always, Never.";

    /// <summary>{0}: the value.</summary>
    public const string InvalidCreatedDate = "BP1011: BuildpackCreatedDate '{0}' is not a date: leave it empty for a reproducible date, or use 'now' or an ISO-8601 date such as 2024-05-01T12:00:00Z.";

    /// <summary>{0}: the property, {1}: the value.</summary>
    public const string InvalidBoolean = "BP1012: {0} '{1}' is not true or false.";

    /// <summary>{0}: the property, {1}: the value, {2}: why it is invalid.</summary>
    public const string InvalidImageProperty = "BP1013: {0} '{1}' is not a valid image name ({2}).";

    /// <summary>{0}: the item type, {1}: the item's Include.</summary>
    public const string InvalidVariableName = "BP1014: {0} item '{1}' is not a valid name: use letters, digits and '_', not starting with a digit (an environment variable) or a label key without '='.";

    /// <summary>{0}: the binding's source (the item's Include), {1}: what is wrong, a sentence.</summary>
    public const string InvalidBinding = "BP1015: BuildpackBinding '{0}' is invalid: {1} Set Include to an existing directory and Target to a binding name or an absolute path.";

    /// <summary>No arguments.</summary>
    public const string SeveralCaches = "BP1016: Only one of BuildpackCacheImage, BuildpackCacheVolume and BuildpackCacheDirectory may be set.";

    /// <summary>{0}: the value.</summary>
    public const string InvalidAppDirectory = "BP1017: BuildpackAppDirectory '{0}' must be an absolute path in the image, e.g. /workspace.";

    /// <summary>{0}: the Docker endpoint tried, {1}: the operating system.</summary>
    public const string NoExecution = "BP1018: No way to run the build here: no Docker daemon answers at {0} (Container execution), and Local execution needs Linux (this is {1}). Start Docker or set BuildpackDockerHost.";

    /// <summary>{0}: the item's Include.</summary>
    public const string InvalidLayerName = "BP1080: BuildpackLayer '{0}' is not a valid layer name: use lowercase letters, digits, '-', '_' and '.' (up to 63, starting with a letter or digit), and none of the built-in groups runtime, packages and app.";

    /// <summary>{0}: the layer's name.</summary>
    public const string LayerWithoutFiles = "BP1081: BuildpackLayer '{0}' has no Files: set Files to the publish directory's files that go into the layer, as patterns separated by ';', e.g. Files=\"wwwroot/**\".";

    /// <summary>{0}: the layer's name.</summary>
    public const string DuplicateLayerName = "BP1082: BuildpackLayer '{0}' is given twice; give each layer one item, with all its Files patterns separated by ';'.";
}
