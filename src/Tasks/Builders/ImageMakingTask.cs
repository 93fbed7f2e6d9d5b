using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Inputs;
using Microsoft.Build.Framework;

namespace Buildpacks.MSBuild.Tasks.Builders;

/// <summary>
/// The base of the tasks that make an image from a toml file (builders, buildpack packages): the destination, pull
/// policy, platform and registry properties they share, and the stores opened from them.
/// </summary>
public abstract class ImageMakingTask : BuildpackTask
{
    /// <summary>The project's directory: relative paths are resolved against it.</summary>
    public string ProjectDirectory { get; set; } = "";

    /// <summary><c>BuildpackPublish</c>: write the image to the registry its name names.</summary>
    public bool BuildpackPublish { get; set; }

    /// <summary><c>BuildpackLayoutOutputPath</c>: write the image to this OCI image layout directory.</summary>
    public string? BuildpackLayoutOutputPath { get; set; }

    /// <summary><c>BuildpackArchiveOutputPath</c>: write the image to this tarball (<c>docker load</c> takes it).</summary>
    public string? BuildpackArchiveOutputPath { get; set; }

    /// <summary><c>BuildpackDockerHost</c>: the daemon written to when no other destination is set (else <c>DOCKER_HOST</c>, else the default socket).</summary>
    public string? BuildpackDockerHost { get; set; }

    /// <summary><c>BuildpackPullPolicy</c>: IfNotPresent (default), Always or Never; see <see cref="SourceImages"/>.</summary>
    public string? BuildpackPullPolicy { get; set; }

    /// <summary><c>BuildpackInsecureRegistries</c>: registries reached over HTTP or unverified TLS, separated by ';'.</summary>
    public string? BuildpackInsecureRegistries { get; set; }

    /// <summary><c>BuildpackPlatform</c>: the platform to make the image for (one of the toml's targets).</summary>
    public string? BuildpackPlatform { get; set; }

    /// <summary>The directory relative paths resolve against: the project's, else the current one.</summary>
    private protected string BaseDirectory =>
        UserInput.Trimmed(ProjectDirectory) is { } directory ? Path.GetFullPath(directory) : Directory.GetCurrentDirectory();

    /// <summary>The settings the image-making properties give (BP1007, BP1010 for bad values).</summary>
    private protected ImageMakingSettings Settings() => new()
    {
        Destination = UserInput.Destination(
            BuildpackPublish,
            UserInput.OptionalPath(BuildpackLayoutOutputPath, BaseDirectory),
            UserInput.OptionalPath(BuildpackArchiveOutputPath, BaseDirectory)),
        PullPolicy = UserInput.PullPolicy(BuildpackPullPolicy),
        InsecureRegistries = UserInput.List(BuildpackInsecureRegistries),
        DockerHost = UserInput.Trimmed(BuildpackDockerHost),
    };

    /// <summary>Runs <paramref name="make"/> over the stores of <paramref name="settings"/> (<see cref="ImageMaking"/>).</summary>
    private protected Task<T> WithStoresAsync<T>(ImageMakingSettings settings, Func<ImageOutput, SourceImages, Task<T>> make) =>
        ImageMaking.RunAsync(settings, line => Log.LogMessage(MessageImportance.Low, line), make);

    /// <summary>
    /// The toml's <c>[[targets]]</c>, to choose between one image and a multi-platform one; none when the file cannot be
    /// read, so that the one-image path reads it again and reports what is wrong with its BP6xxx code.
    /// </summary>
    private protected static IReadOnlyList<Buildpacks.Lifecycle.Buildpacks.TargetMetadata> DeclaredTargets(Func<IReadOnlyList<Buildpacks.Lifecycle.Buildpacks.TargetMetadata>> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Whatever is wrong, the one-image path reports it, classified.
            return [];
        }
    }

    /// <summary>Logs each of <paramref name="lines"/> at detailed verbosity.</summary>
    private protected void LogDetails(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Log.LogMessage(MessageImportance.Low, line);
        }
    }
}
