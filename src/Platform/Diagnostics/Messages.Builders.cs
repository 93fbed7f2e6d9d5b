namespace Buildpacks.Platform.Diagnostics;

/// <content>
/// BP6xxx: making builders and buildpack packages (targets CreateBuildpackBuilder and PackageBuildpack). BP60xx
/// failures, BP61xx summaries. The properties shared with the publish target keep their BP1xxx codes
/// (<see cref="SeveralDestinations"/>, <see cref="InvalidPlatform"/>, <see cref="InvalidPullPolicy"/>).
/// </content>
public static partial class Messages
{
    /// <summary>{0}: the property, {1}: what the file is.</summary>
    public const string ConfigPropertyNotSet = "BP6001: {0} is not set; set it to the path of the {1}, relative to the project.";

    /// <summary>{0}: the property, {1}: the full path.</summary>
    public const string ConfigFileMissing = "BP6002: The file '{1}' named by {0} does not exist; fix {0} or create the file.";

    /// <summary>{0}: the file (and line), key and reason, as one text.</summary>
    public const string ConfigFileInvalid = "BP6003: {0}";

    /// <summary>{0}: the value, {1}: why it is invalid.</summary>
    public const string InvalidBuilderImageName = "BP6004: BuildpackBuilderImage '{0}' is not a valid image name ({1}). Set BuildpackBuilderImage to name[:tag], e.g. registry.example.com/team/builder:1.0.";

    /// <summary>{0}: the value, {1}: why it is invalid.</summary>
    public const string InvalidPackageOutput = "BP6005: BuildpackPackageOutput '{0}' cannot be used ({1}). Set it to an image name (name[:tag]) or, with BuildpackPackageFormat=file, to a .cnb file path.";

    /// <summary>{0}: the value.</summary>
    public const string InvalidPackageFormat = "BP6006: BuildpackPackageFormat '{0}' is not a package format; use 'image' or 'file' (or leave it empty to decide from BuildpackPackageOutput: a .cnb path is a file).";

    // BP6007 (pull policy) folded into BP1010 Messages.InvalidPullPolicy (Messages.Inputs.cs): one message per property.

    /// <summary>{0}: the platform, {1}: the file, {2}: the targets it declares.</summary>
    public const string PlatformNotATarget = "BP6008: BuildpackPlatform '{0}' is not one of the targets {1} declares ({2}); set BuildpackPlatform to one of them or add a [[targets]] entry for it.";

    /// <summary>{0}: the buildpack (file, key and what is missing), as one text.</summary>
    public const string BuildpackNotFound = "BP6009: A buildpack was not found: {0}";

    /// <summary>{0}: what is wrong with a buildpack, as one text.</summary>
    public const string BuildpackInvalid = "BP6010: A buildpack cannot be used: {0}";

    /// <summary>{0}: the builder.toml path.</summary>
    public const string LifecycleNotSet = "BP6011: {0} has no [lifecycle] uri and BuildpackLifecycleDirectory is empty; set BuildpackLifecycleDirectory (the Buildpacks.MSBuild package sets it to the lifecycle it carries) or [lifecycle] uri to a directory holding 'lifecycle' and 'launcher'.";

    /// <summary>{0}: what is wrong (the path and where it came from).</summary>
    public const string LifecycleMissing = "BP6012: The lifecycle cannot be used: {0} Build it (build/build-binaries.sh), restore the Buildpacks.MSBuild package, or point BuildpackLifecycleDirectory or builder.toml's [lifecycle] uri at a lifecycle directory, binary or release tarball.";

    /// <summary>{0}: the build image, {1}: the builder.toml path, {2}: where it was looked for.</summary>
    public const string BuildImageNotFound = "BP6013: The build image {0} ({1}, [build] image) was not found in {2}. Push it there, or change BuildpackPullPolicy if it is elsewhere.";

    /// <summary>{0}: what is wrong with the build image.</summary>
    public const string BuildImageInvalid = "BP6014: The build image cannot be used: {0}";

    /// <summary>{0}: the daemon's error.</summary>
    public const string DaemonUnavailable = "BP6015: The Docker daemon failed: {0} Start it, set BuildpackDockerHost, or write the image elsewhere (BuildpackPublish=true, BuildpackLayoutOutputPath or BuildpackArchiveOutputPath).";

    /// <summary>{0}: what failed.</summary>
    public const string BuilderFailed = "BP6016: Making the builder failed: {0}";

    /// <summary>{0}: what failed.</summary>
    public const string PackageFailed = "BP6017: Packaging the buildpack failed: {0}";

    /// <summary>{0}: the path.</summary>
    public const string PackageFileNotCnb = "BP6018: BuildpackPackageOutput '{0}' is a package file path but does not end in .cnb; name the file <something>.cnb, which is what builder.toml and PackageBuildpack recognise as a package file.";

    /// <summary>{0}: the value.</summary>
    public const string OutputNotSetWithFile = "BP6019: BuildpackPackageFormat=file writes a .cnb file, so BuildpackPublish, BuildpackLayoutOutputPath and BuildpackArchiveOutputPath do not apply (BuildpackPublish is '{0}'); clear them, or use BuildpackPackageFormat=image.";

    /// <summary>No arguments.</summary>
    public const string PackageOutputNotSet = "BP6020: BuildpackPackageOutput is not set; set it to the package image name (name[:tag]) or to a .cnb file path.";

    /// <summary>No arguments.</summary>
    public const string BuilderImageNotSet = "BP6021: BuildpackBuilderImage is not set; set it to the builder image name, e.g. registry.example.com/team/builder:1.0.";

    /// <summary>{0}: the builder name, {1}: the digest, {2}: where it went, {3}: how many buildpacks, {4}: the lifecycle version.</summary>
    public const string BuilderCreated = "BP6101: Created builder {0}@{1} in {2} ({3} buildpacks, lifecycle {4})";

    /// <summary>{0}: the buildpack id@version, {1}: the image name, {2}: the digest, {3}: where it went.</summary>
    public const string PackageImageCreated = "BP6102: Packaged buildpack {0} as {1}@{2} in {3}";

    /// <summary>{0}: the buildpack id@version, {1}: the file, {2}: the digest.</summary>
    public const string PackageFileCreated = "BP6103: Packaged buildpack {0} as {1} ({2})";
}
