using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// A store on the test daemon over an <see cref="EngineApiClient"/>, with its own layer cache, and the names a test
/// created, removed from the daemon when the test ends whatever happened.
/// </summary>
public abstract class DaemonTestBase : IAsyncLifetime
{
    private readonly List<string> _created = [];

    protected TempDirectory Temp { get; } = new("bp-daemon");

    protected DaemonImageStore Store { get; private set; } = null!;

    protected static DaemonEndpoint TestDaemon => DaemonEndpoint.Resolve("unix://" + RequiredServices.DockerSocket);

    public virtual async Task InitializeAsync()
    {
        await RequiredServices.RequireDockerAsync();
        Store = NewStore();
    }

    public virtual async Task DisposeAsync()
    {
        Store.Dispose();
        await DockerTestCli.RemoveImagesAsync([.. _created]);
        Temp.Dispose();
    }

    protected DaemonImageStore NewStore(bool skipLayersTheDaemonHas = true) => NewStore(TestDaemon, skipLayersTheDaemonHas);

    protected DaemonImageStore NewStore(DaemonEndpoint endpoint, bool skipLayersTheDaemonHas = true) => new(
        new EngineApiClient(endpoint),
        new DaemonImageStoreOptions
        {
            CacheDirectory = Temp.Combine("cache-" + Guid.NewGuid().ToString("N")),
            SkipLayersTheDaemonHas = skipLayersTheDaemonHas,
        },
        ownsApi: true);

    /// <summary>A unique <c>repository:tag</c> that is removed from the daemon after the test.</summary>
    protected string UniqueName(string purpose, string tag = "1.0")
    {
        var name = $"{DockerTestCli.UniqueRepository(purpose)}:{tag}";
        _created.Add(name);
        return name;
    }

    /// <summary>Registers a name created some other way for removal.</summary>
    protected void RemoveAfterTest(string name) => _created.Add(name);
}
