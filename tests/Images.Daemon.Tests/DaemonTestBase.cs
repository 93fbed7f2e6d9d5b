using Buildpacks.Images.Stores.Daemon;
using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Images;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// A store on the test daemon over one <see cref="DaemonTransport"/>, with its own layer cache, and the names a test
/// created, removed from the daemon when the test ends whatever happened. Each test class derives once per transport.
/// </summary>
public abstract class DaemonTestBase(DaemonTransport transport) : IAsyncLifetime
{
    private readonly List<string> _created = [];

    protected DaemonTransport Transport { get; } = transport;

    protected TempDirectory Temp { get; } = new("bp-daemon");

    protected DaemonImageStore Store { get; private set; } = null!;

    protected static DaemonEndpoint TestDaemon => DaemonEndpoint.Resolve("unix://" + RequiredServices.DockerSocket);

    public async Task InitializeAsync()
    {
        await RequiredServices.RequireDockerAsync();
        Store = NewStore();
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await DockerTestCli.RemoveImagesAsync([.. _created]);
        Temp.Dispose();
    }

    protected DaemonImageStore NewStore(bool skipLayersTheDaemonHas = true) => NewStore(TestDaemon, skipLayersTheDaemonHas);

    protected DaemonImageStore NewStore(DaemonEndpoint endpoint, bool skipLayersTheDaemonHas = true) => new(
        DaemonTransports.Open(Transport, endpoint),
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
