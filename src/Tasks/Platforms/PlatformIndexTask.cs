using Buildpacks.Platform.Execution;
using Buildpacks.Platform.Execution.MultiPlatform;
using Buildpacks.Platform.Inputs;

namespace Buildpacks.MSBuild.Tasks.Platforms;

/// <summary>
/// The base of the two tasks around a multi-platform publish (<c>BuildpackRuntimeIdentifiers</c>): the image's names
/// and destination, as <see cref="PublishBuildpackImage"/> reads them, and the plan made from them.
/// </summary>
public abstract class PlatformIndexTask : BuildpackTask
{
    /// <summary><c>BuildpackRuntimeIdentifiers</c>: the RIDs, separated by ';'.</summary>
    public string BuildpackRuntimeIdentifiers { get; set; } = "";

    /// <summary>The project's directory: relative paths resolve against it.</summary>
    public string? ProjectDirectory { get; set; }

    /// <summary>The OCI layout that holds the platforms' images when the index goes to an archive (in the intermediate output).</summary>
    public string ScratchLayout { get; set; } = "";

    /// <summary><c>BuildpackImage</c>; empty to name the image after the project, as <see cref="PublishBuildpackImage"/> does.</summary>
    public string? BuildpackImage { get; set; }

    /// <summary><c>BuildpackRegistry</c>.</summary>
    public string? BuildpackRegistry { get; set; }

    /// <summary><c>BuildpackRepository</c>.</summary>
    public string? BuildpackRepository { get; set; }

    /// <summary>The project's <c>AssemblyName</c>.</summary>
    public string? AssemblyName { get; set; }

    /// <summary>The project's <c>Version</c>.</summary>
    public string? Version { get; set; }

    /// <summary><c>BuildpackTags</c>: more tags for the index, separated by ';'.</summary>
    public string? BuildpackTags { get; set; }

    /// <summary><c>BuildpackPublish</c>.</summary>
    public bool BuildpackPublish { get; set; }

    /// <summary><c>BuildpackLayoutOutputPath</c>.</summary>
    public string? BuildpackLayoutOutputPath { get; set; }

    /// <summary><c>BuildpackArchiveOutputPath</c>.</summary>
    public string? BuildpackArchiveOutputPath { get; set; }

    /// <summary><c>BuildpackInsecureRegistries</c>.</summary>
    public string? BuildpackInsecureRegistries { get; set; }

    /// <summary>The plan these properties give (BP1083–BP1085 for what cannot be one).</summary>
    private protected PlatformImagePlan Plan()
    {
        var baseDirectory = UserInput.Trimmed(ProjectDirectory) is { } project ? Path.GetFullPath(project) : Directory.GetCurrentDirectory();
        var image = UserInput.ImageOrDefault(BuildpackImage, BuildpackRegistry, BuildpackRepository, AssemblyName, Version);
        var destination = UserInput.Destination(
            BuildpackPublish,
            UserInput.OptionalPath(BuildpackLayoutOutputPath, baseDirectory),
            UserInput.OptionalPath(BuildpackArchiveOutputPath, baseDirectory));
        return PlatformImagePlan.For(
            UserInput.List(BuildpackRuntimeIdentifiers),
            [image, .. UserInput.List(BuildpackTags).Select(tag => UserInput.Tag(image, tag))],
            destination,
            Path.GetFullPath(ScratchLayout, baseDirectory));
    }

    /// <summary>The registry settings of the publish: its insecure registries and credential chain, as a build's.</summary>
    private protected Images.Registry.RegistrySettings RegistrySettings(PlatformImagePlan plan) => new()
    {
        InsecureRegistries = UserInput.List(BuildpackInsecureRegistries),
        DockerConfig = Images.Registry.Credentials.RegistryCredentialChain.FromEnvironment(
            plan.Destination.Kind == ImageDestinationKind.Registry ? plan.Tags[0].Registry : null),
    };
}
