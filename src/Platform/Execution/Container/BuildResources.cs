using Buildpacks.Images.Engine;

namespace Buildpacks.Platform.Execution.Container;

/// <summary>
/// Everything one build creates in the daemon (containers, volumes, images), each labelled
/// <see cref="BuildLabel"/>=<see cref="BuildId"/>, and removed again by <see cref="DisposeAsync"/> whatever happened:
/// containers are killed and removed, then temporary images and volumes. Cache volumes are never registered here,
/// so they stay. Cleanup calls do not take the build's cancellation token: they must run after a cancel too. Removing
/// what is already gone succeeds (the engine says so), so only real failures reach the debug log.
/// </summary>
internal sealed class BuildResources(IContainerEngine engine, Action<string> debug) : IAsyncDisposable
{
    /// <summary>The label every container, volume and image of a build carries; its value is the build's id.</summary>
    public const string BuildLabel = "io.buildpacks.msbuild.build";

    private readonly object _gate = new();
    private readonly List<string> _containers = [];
    private readonly List<string> _volumes = [];
    private readonly List<string> _images = [];

    /// <summary>This build's id (the label's value, and part of temporary names).</summary>
    public string BuildId { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>The labels to put on everything this build creates.</summary>
    public IReadOnlyDictionary<string, string> Labels => new Dictionary<string, string> { [BuildLabel] = BuildId };

    /// <summary>Registers a container to remove.</summary>
    public void AddContainer(string id)
    {
        lock (_gate)
        {
            _containers.Add(id);
        }
    }

    /// <summary>Registers a volume to remove.</summary>
    public void AddVolume(string name)
    {
        lock (_gate)
        {
            _volumes.Add(name);
        }
    }

    /// <summary>Registers an image (name or id) to remove.</summary>
    public void AddImage(string name)
    {
        lock (_gate)
        {
            _images.Add(name);
        }
    }

    /// <summary>Removes a container now (it is done with) rather than at the end.</summary>
    public async Task RemoveContainerAsync(string id)
    {
        lock (_gate)
        {
            _containers.Remove(id);
        }

        await TryAsync($"remove container {id}", () => engine.RemoveContainerAsync(id, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>Removes an image now rather than at the end.</summary>
    public async Task RemoveImageAsync(string name)
    {
        lock (_gate)
        {
            _images.Remove(name);
        }

        await TryAsync($"remove image {name}", () => engine.RemoveImageAsync(name, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the containers and volumes registered so far, once nothing reads from them any more: while the image
    /// is finished, removing the app's volume (a self-contained app's 110 MB) need not wait. Images stay for
    /// <see cref="DisposeAsync"/>: finishing may still read the exported one.
    /// </summary>
    public async Task ReleaseContainersAndVolumesAsync()
    {
        string[] containers, volumes;
        lock (_gate)
        {
            containers = [.. _containers];
            volumes = [.. _volumes];
            _containers.Clear();
            _volumes.Clear();
        }

        await RemoveAsync(containers, [], volumes).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        string[] containers, images, volumes;
        lock (_gate)
        {
            containers = [.. _containers];
            images = [.. _images];
            volumes = [.. _volumes];
            _containers.Clear();
            _images.Clear();
            _volumes.Clear();
        }

        await RemoveAsync(containers, images, volumes).ConfigureAwait(false);
    }

    private async Task RemoveAsync(string[] containers, string[] images, string[] volumes)
    {
        // Force removal kills a running container first: a cancelled build stops within seconds.
        foreach (var container in containers)
        {
            await TryAsync($"remove container {container}", () => engine.RemoveContainerAsync(container, CancellationToken.None)).ConfigureAwait(false);
        }

        foreach (var image in images)
        {
            await TryAsync($"remove image {image}", () => engine.RemoveImageAsync(image, CancellationToken.None)).ConfigureAwait(false);
        }

        foreach (var volume in volumes)
        {
            await TryAsync($"remove volume {volume}", () => engine.RemoveVolumeAsync(volume, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    // A failure is reported but must not hide the build's own error.
    private async Task TryAsync(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            debug($"Could not {what}: {e.Message}");
        }
    }
}
