using Buildpacks.Images.Registry.Credentials;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.MSBuild.Publish.Tests.Reliability;

/// <summary>
/// A registry with token auth (distribution behind a Docker token service) reached through a <see cref="FaultProxy"/>:
/// publishes push to <see cref="Address"/> (the proxy) with the credentials in <see cref="Variables"/>, and checks read
/// the registry itself, past the faults.
/// </summary>
public sealed class FaultyRegistry : IAsyncLifetime
{
    private const string User = "publisher";
    private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");
    private TokenService? _tokens;
    private RegistryServer? _registry;
    private FaultProxy? _proxy;

    /// <summary>The proxy, to inject faults and read what went through it.</summary>
    public FaultProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    /// <summary>The registry name publishes push to (the proxy's).</summary>
    public string Address => Proxy.Address;

    /// <summary>The environment that gives a publish the credentials for <see cref="Address"/>.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>
    {
        [$"BUILDPACK_REGISTRY_{EnvironmentCredentials.VariableKey(Address)}_USERNAME"] = User,
        [$"BUILDPACK_REGISTRY_{EnvironmentCredentials.VariableKey(Address)}_PASSWORD"] = _password,
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _tokens = await TokenService.StartAsync(new TokenServiceOptions { Users = new Dictionary<string, string> { [User] = _password } });
        _registry = await RegistryServer.StartAsync(new RegistryServerOptions { TokenService = _tokens });
        _proxy = await FaultProxy.StartAsync(_registry.Address);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_tokens is not null)
        {
            await _tokens.DisposeAsync();
        }
    }

    /// <summary>The requests the proxy saw so far, one a line (for failure messages).</summary>
    public string RequestsSoFar() =>
        string.Join('\n', Proxy.Requests.Select(r => $"{r.Method} {r.PathAndQuery} -> {r.Status}{(r.Fault is { } f ? $" ({f})" : string.Empty)}"));

    /// <summary>
    /// Asserts, through the registry's API (past the proxy), that every tag of <paramref name="repository"/> names a
    /// manifest whose blobs are all there (<see cref="RegistryContents.AssertWholeAsync"/>); returns the tags.
    /// </summary>
    public Task<IReadOnlyList<string>> AssertWholeAsync(string repository) =>
        RegistryContents.AssertWholeAsync((_registry ?? throw new InvalidOperationException("not started")).Address, repository, $"{User}:{_password}");
}
