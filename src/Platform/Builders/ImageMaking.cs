using Buildpacks.Images.Registry;
using Buildpacks.Images.References;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Builders;

/// <summary>
/// Opens what making a builder or package image needs (the registry, the output store, the source images by pull
/// policy), runs the work over them, and on failure removes what the output was left with.
/// </summary>
public static class ImageMaking
{
    /// <summary>Runs <paramref name="make"/> over the stores <paramref name="settings"/> name; <paramref name="describe"/> hears where sources are read.</summary>
    public static async Task<T> RunAsync<T>(ImageMakingSettings settings, Action<string> describe, Func<ImageOutput, SourceImages, Task<T>> make)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(make);
        using var registry = new RegistryStore(new RegistrySettings { InsecureRegistries = [.. settings.InsecureRegistries] });
        using var output = ImageOutput.Open(settings.Destination, registry, settings.DockerHost);
        var sources = new SourceImages(settings.PullPolicy, output.Local, registry);
        describe($"Images are read from {sources.Description} (BuildpackPullPolicy={settings.PullPolicy}).");
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

    /// <summary>Where an image named <paramref name="tag"/> went, for a summary line.</summary>
    public static string Where(ImageOutput output, ImageReference tag)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(tag);
        return output.Destination.Kind == ImageDestinationKind.Registry ? $"registry {tag.Registry}" : output.Store.Description;
    }
}
