using System.Collections.Concurrent;
using Buildpacks.Images.Registry;
using Buildpacks.Images.Stores;
using Buildpacks.Images.Stores.Layout;
using Buildpacks.Platform.Execution;

namespace Buildpacks.Platform.Rebase;

/// <summary>
/// The stores a rebase reads and writes, opened on first use and shared by every image of one call: one registry
/// store (so its <see cref="RegistryStore.Statistics"/> count everything), one daemon store, one store per layout.
/// </summary>
public sealed class RebaseStores : IDisposable
{
    private readonly Lazy<IImageStore> _daemon;
    private readonly ConcurrentDictionary<string, OciLayoutImageStore> _layouts = new(StringComparer.Ordinal);

    /// <summary>
    /// Stores over <paramref name="registrySettings"/>; the daemon store is the one of <paramref name="dockerHost"/>
    /// (<see cref="BuildpackDockerHost"/>: null is DOCKER_HOST, the docker context, the default).
    /// </summary>
    public RebaseStores(RegistrySettings? registrySettings = null, string? dockerHost = null)
    {
        Registry = new RegistryStore(registrySettings ?? new RegistrySettings());
        _daemon = new Lazy<IImageStore>(() => BuildpackDockerHost.OpenStore(dockerHost), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The registry store (every registry the names mention).</summary>
    public RegistryStore Registry { get; }

    /// <summary>The store that holds <paramref name="location"/>.</summary>
    public IImageStore For(ImageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Transport switch
        {
            ImageTransport.Daemon => _daemon.Value,
            ImageTransport.Layout => _layouts.GetOrAdd(location.LayoutPath!, path => new OciLayoutImageStore(path)),
            _ => Registry,
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Registry.Dispose();
        if (_daemon.IsValueCreated && _daemon.Value is IDisposable daemon)
        {
            daemon.Dispose();
        }
    }
}
