using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Platform.Builders;
using Buildpacks.Platform.Execution;
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

    /// <summary>
    /// Opens the registry, the output of <paramref name="destination"/> and the source images by pull policy, runs
    /// <paramref name="make"/>, and on failure removes what the output was left with.
    /// </summary>
    private protected async Task<T> WithStoresAsync<T>(ImageDestination destination, Func<ImageOutput, IImageStore, Task<T>> make)
    {
        var policy = BuilderTaskInputs.ParsePullPolicy(BuildpackPullPolicy);
        using var registry = new RegistryStore(new RegistrySettings { InsecureRegistries = BuilderTaskInputs.List(BuildpackInsecureRegistries).ToList() });
        using var output = ImageOutput.Open(destination, registry, string.IsNullOrWhiteSpace(BuildpackDockerHost) ? null : BuildpackDockerHost.Trim());
        var sources = new SourceImages(policy, output.Local, registry);
        Log.LogMessage(MessageImportance.Low, $"Images are read from {sources.Description} (BuildpackPullPolicy={policy}).");
        try
        {
            return await make(output, sources).ConfigureAwait(false);
        }
        catch
        {
            output.Abandon();
            throw;
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
