namespace Buildpacks.Platform.Diagnostics;

/// <content>BP1xxx: the MSBuild properties and items of the tasks, and what follows from them before any build starts (BP10xx).</content>
public static partial class Messages
{
    /// <summary>No arguments. Raised by the PublishBuildpackImage target itself (Buildpacks.MSBuild.Publish.targets).</summary>
    public const string ImageNotSet = "BP1000: BuildpackImage is not set: set it to the image to build, name[:tag], e.g. -p:BuildpackImage=registry.example.com/team/app:1.0, or publish with -p:PublishProfile=Buildpack (or EnableBuildpackImage=true) to name it after the project, [BuildpackRegistry/]assemblyname:Version.";

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

    /// <summary>No arguments. Raised by the targets (Buildpacks.MSBuild.targets) under the .NET Framework MSBuild 17.</summary>
    public const string NeedsDotnetTaskHost = "BP1019: Buildpacks.MSBuild's tasks are .NET assemblies, which the .NET Framework MSBuild of Visual Studio 2022 and older (MSBuild 17) cannot run. Publish with the .NET SDK's CLI (dotnet publish, also from Visual Studio's terminal), or use Visual Studio 2026 (MSBuild 18), which runs .NET tasks in a .NET task host.";

    /// <summary>{0}: the Docker endpoint tried, {1}: the operating system.</summary>
    public const string NoExecution = "BP1018: No way to run the build here: no Docker daemon answers at {0} (Container execution), and Local execution needs Linux (this is {1}). Start Docker or set BuildpackDockerHost.";

    /// <summary>{0}: the solution, {1}: the image name given on the command line.</summary>
    public const string ImageForEveryProject = "BP1020: BuildpackImage '{1}' was given on the command line of a solution publish ({0}), so it would name the image of every project in it, and each would push over the last. Publish the one project (dotnet publish path/to/App.csproj -p:BuildpackImage=...), set BuildpackImage in each project file, or name each image after its project: -p:PublishProfile=Buildpack (or -p:EnableBuildpackImage=true) with -p:BuildpackRegistry=registry.example.com/team.";

    /// <summary>{0}: the image name made, {1}: why it is invalid, {2}: where its parts came from.</summary>
    public const string InvalidDefaultImage = "BP1021: The image name '{0}' made from {2} is not valid ({1}). Set BuildpackRepository (and BuildpackRegistry) to valid parts, or BuildpackImage to the whole name.";

    /// <summary>{0}: the item's Include, {1}: its Type metadata.</summary>
    public const string InvalidPort = "BP1022: BuildpackPort '{0}' (Type '{1}') is not a port: give a number from 1 to 65535 as Include and tcp (the default) or udp as Type.";

    /// <summary>{0}: the property, {1}: the path, {2}: what failed.</summary>
    public const string OutputPathUnwritable = "BP1023: {0} '{1}' cannot be written: {2}. Point {0} at a place this user may write, or fix its permissions.";

    /// <summary>{0}: the property, {1}: the path, {2}: what is there, {3}: what it must be.</summary>
    public const string OutputPathWrongKind = "BP1024: {0} '{1}' is {2}, but it must be {3}. Remove it or choose another path.";

    /// <summary>{0}: one property, {1}: the other, {2}: the path of the one, {3}: the path of the other.</summary>
    public const string OutputPathsOverlap = "BP1025: {0} '{2}' and {1} '{3}' are the same place or one holds the other, so one output would overwrite or end up in the other. Give each its own path, outside the publish directory.";

    /// <summary>{0}: the variable.</summary>
    public const string ReservedRuntimeVariable = "BP1026: BuildpackRuntimeEnvironment '{0}' is a variable the lifecycle sets for its launcher (CNB_*); the image would not start as built. Remove the item.";

    /// <summary>{0}: the value.</summary>
    public const string InvalidDockerSocket = "BP1027: BuildpackDockerSocket '{0}' is not a socket path: give the absolute path of the daemon's socket on the daemon's machine, e.g. /run/user/1000/podman/podman.sock or unix:///var/run/docker.sock.";

    /// <summary>{0}: the item's Include.</summary>
    public const string InvalidLayerName = "BP1080: BuildpackLayer '{0}' is not a valid layer name: use lowercase letters, digits, '-', '_' and '.' (up to 63, starting with a letter or digit), and none of the built-in groups runtime, packages and app.";

    /// <summary>{0}: the layer's name.</summary>
    public const string LayerWithoutFiles = "BP1081: BuildpackLayer '{0}' has no Files: set Files to the publish directory's files that go into the layer, as patterns separated by ';', e.g. Files=\"wwwroot/**\".";

    /// <summary>{0}: the layer's name.</summary>
    public const string DuplicateLayerName = "BP1082: BuildpackLayer '{0}' is given twice; give each layer one item, with all its Files patterns separated by ';'.";

    /// <summary>{0}: the RIDs.</summary>
    public const string SeveralPlatformsToDaemon = "BP1083: BuildpackRuntimeIdentifiers '{0}' asks for a multi-platform image, but the image goes to the Docker daemon, which holds one platform (its own) per name. Send the image index to a registry (BuildpackPublish=true), an OCI layout (BuildpackLayoutOutputPath) or an archive (BuildpackArchiveOutputPath), or publish one RID for the daemon's platform (-r linux-x64).";

    /// <summary>{0}: the RID.</summary>
    public const string RuntimeIdentifierWithoutPlatform = "BP1084: BuildpackRuntimeIdentifiers names '{0}', which is not a Linux runtime identifier of a known architecture; buildpack images are Linux images. Use RIDs such as linux-x64 and linux-arm64.";

    /// <summary>{0}: the first RID, {1}: the second RID, {2}: their platform.</summary>
    public const string RuntimeIdentifiersSamePlatform = "BP1085: BuildpackRuntimeIdentifiers names '{0}' and '{1}', which are both {2}; an image index holds one image per platform. Keep one of them.";

    /// <summary>{0}: the RIDs, {1}: the project, {2}: what dotnet restore said.</summary>
    public const string PlatformRestoreFailed = "BP1086: Restoring {1} for the RIDs of BuildpackRuntimeIdentifiers ({0}) failed: {2} Check that the project restores with -p:RuntimeIdentifiers=\"{0}\" (the package sources reach the RIDs' runtime and apphost packs).";

    /// <summary>{0}: the item's Include (an environment variable's name), {1}: what is wrong, a sentence.</summary>
    public const string InvalidSecret = "BP1090: BuildpackSecret '{0}' is invalid: {1} Set Include to the name of an environment variable that holds the secret, Binding and Key to names of letters, digits, '.', '_' and '-', and give each Binding and Key pair once.";

    /// <summary>{0}: the environment variable, {1}: the binding it goes to.</summary>
    public const string SecretNotSet = "BP1091: BuildpackSecret '{0}' names the environment variable {0}, which is not set or empty in the environment dotnet runs in, so binding '{1}' would have no secret. Set it before publishing (for example from your CI's secret store), or remove the item.";
}
