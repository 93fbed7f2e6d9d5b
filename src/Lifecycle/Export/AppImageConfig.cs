using Buildpacks.Images.Model;

namespace Buildpacks.Lifecycle.Export;

/// <summary>
/// The app image's config, derived from the run image's (lifecycle phase/exporter.go <c>setEnv</c>,
/// <c>setWorkingDir</c>, <c>entrypoint</c>; notes §3.3): the run image's user, os/arch and labels are kept; the
/// launcher's variables are set; <c>PATH</c> gains <c>/cnb/process</c> and <c>/cnb/lifecycle</c> in front; the entrypoint
/// is a process symlink or the launcher; <c>Cmd</c> is empty; every time is the export time.
/// </summary>
public static class AppImageConfig
{
    /// <summary>The directory of the lifecycle's binaries in the image.</summary>
    public const string LifecycleDir = "/cnb/lifecycle";

    /// <summary>Builds the config.</summary>
    /// <param name="runImage">The run image's config.</param>
    /// <param name="layers">The assembled layers (for the history).</param>
    /// <param name="settings">What the exporter decided.</param>
    public static ImageConfig Create(ImageConfig runImage, AppImageLayers layers, AppImageSettings settings)
    {
        var env = new List<string>(runImage.Config.Env ?? []);

        // The platform's variables go over the run image's and under the lifecycle's own: a PATH given here is the one
        // the process directories are put in front of.
        foreach (var (name, value) in settings.Environment)
        {
            Set(env, name, value);
        }

        Set(env, "CNB_LAYERS_DIR", settings.LayersDir);
        Set(env, "CNB_APP_DIR", settings.AppDir);
        Set(env, "CNB_PLATFORM_API", settings.PlatformApi);

        // The app image's launcher must not warn about deprecated APIs at every start.
        Set(env, "CNB_DEPRECATION_MODE", "quiet");
        var runPath = env.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?["PATH=".Length..];
        Set(env, "PATH", string.Join(':', new[] { LauncherLayers.ProcessDir, LifecycleDir, runPath }.Where(p => p is not null)));

        var labels = new Dictionary<string, string>(runImage.Config.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in settings.Labels)
        {
            labels[key] = value;
        }

        // A docker-built run image records the build container's id; it says nothing about the app image.
        Dictionary<string, System.Text.Json.JsonElement>? extra = null;
        if (runImage.Extra is { } runExtra)
        {
            extra = new Dictionary<string, System.Text.Json.JsonElement>(runExtra);
            extra.Remove("container");
        }

        return runImage with
        {
            Created = settings.Created,
            History = layers.History,
            Config = runImage.Config with
            {
                Env = env,
                Entrypoint = [settings.Entrypoint],
                Cmd = null,
                WorkingDir = settings.AppDir,
                Labels = labels,
                ExposedPorts = WithPorts(runImage.Config.ExposedPorts, settings.ExposedPorts),
            },
            Extra = extra,
        };
    }

    /// <summary>
    /// <paramref name="config"/> with what a platform sets on an image after its export: labels over its own (later
    /// wins), ports added to its exposed ones, variables set over its own (not the lifecycle's <c>CNB_*</c>, which a
    /// platform does not give). The same rules as <see cref="Create"/> apply during the export.
    /// </summary>
    public static ContainerConfig WithPlatformSettings(
        ContainerConfig config,
        IReadOnlyList<KeyValuePair<string, string>> labels,
        IReadOnlyList<string> exposedPorts,
        IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        var mergedLabels = new Dictionary<string, string>(config.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            mergedLabels[key] = value;
        }

        var env = new List<string>(config.Env ?? []);
        foreach (var (name, value) in environment)
        {
            Set(env, name, value);
        }

        return config with
        {
            Labels = mergedLabels,
            Env = env,
            ExposedPorts = WithPorts(config.ExposedPorts, exposedPorts),
        };
    }

    // The run image's exposed ports and the platform's, each once; null (none) stays null.
    private static IReadOnlyList<string>? WithPorts(IReadOnlyList<string>? existing, IReadOnlyList<string> added) =>
        added.Count == 0 ? existing : [.. (existing ?? []).Concat(added).Distinct(StringComparer.Ordinal)];

    private static void Set(List<string> env, string name, string value)
    {
        var entry = name + "=" + value;
        var index = env.FindIndex(e => e.StartsWith(name + "=", StringComparison.Ordinal) || e == name);
        if (index >= 0)
        {
            env[index] = entry;
        }
        else
        {
            env.Add(entry);
        }
    }
}

/// <summary>The values of the app image config that the exporter decides.</summary>
/// <param name="LayersDir">The layers dir in the image (<c>CNB_LAYERS_DIR</c>).</param>
/// <param name="AppDir">The app dir in the image (<c>CNB_APP_DIR</c> and the working dir).</param>
/// <param name="PlatformApi">The Platform API (<c>CNB_PLATFORM_API</c>; the rebaser reads it back).</param>
/// <param name="Entrypoint">The entrypoint.</param>
/// <param name="Labels">The labels to set over the run image's, in order (later wins).</param>
/// <param name="Created">The image's and its new history entries' creation time.</param>
public sealed record AppImageSettings(
    string LayersDir,
    string AppDir,
    string PlatformApi,
    string Entrypoint,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    DateTimeOffset Created)
{
    /// <summary>Ports the platform exposes besides the run image's (<c>8080/tcp</c>).</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    /// <summary>Variables the platform sets over the run image's, in order; the lifecycle's own are set after them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
}
