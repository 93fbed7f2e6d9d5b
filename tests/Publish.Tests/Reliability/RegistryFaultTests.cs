using System.Diagnostics;
using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.MSBuild.Publish.Tests.Reliability;

/// <summary>
/// The whole publish against a registry that misbehaves (a <see cref="FaultyRegistry"/>: token auth behind a fault
/// proxy), in both executions: transient faults in the push are retried and the image comes out whole; a registry that
/// stays down fails the publish with a code once the retry budget is spent, and a publish after it succeeds. After
/// each, no tag names a manifest with a blob that is not there, and nothing of ours is left behind.
/// </summary>
[Collection(SharedProjects.Name)]
[Trait("Category", "Reliability")]
public sealed class RegistryFaultTests(ConsoleProjectFixture console, FaultyRegistry registry) : IClassFixture<FaultyRegistry>, IAsyncLifetime
{
    private readonly FaultyRegistry _registry = registry;

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        _registry.Proxy.ClearFaults();
        _registry.Proxy.ClearLog();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _registry.Proxy.ClearFaults();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task TransientFaultsInThePushAreRetriedAndTheImageIsWhole(string execution)
    {
        var repository = $"faults/transient-{execution.ToLowerInvariant()}";
        // In the order a push meets them: the first upload sessions refused twice (503), a reset half-way through a
        // blob's body, the first manifest refused with 429 and Retry-After, then a token that no longer counts (401 with
        // the registry's challenge) on the manifest's second try.
        Fault[] faults =
        [
            new(FaultKind.ServiceUnavailable, "POST", "/blobs/uploads/", Times: 2),
            new(FaultKind.ResetMidBody, "PUT", "/blobs/uploads/"),
            new(FaultKind.TooManyRequests, "PUT", "/manifests/", RetryAfterSeconds: 2),
            new(FaultKind.ExpiredToken, "PUT", "/manifests/"),
        ];
        // The proxy counts the faults it injected since it started (the class shares it): count from here.
        var before = faults.Select(f => f.Kind).Distinct().ToDictionary(kind => kind, _registry.Proxy.Taken);
        foreach (var fault in faults)
        {
            _registry.Proxy.Inject(fault);
        }

        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishWithAsync(
                _registry.Variables,
                $"-p:BuildpackImage={_registry.Address}/{repository}:1", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}");

            result.EnsureSucceeded();
            foreach (var kind in faults.Select(f => f.Kind).Distinct())
            {
                var met = _registry.Proxy.Taken(kind) - before[kind];
                var injected = faults.Where(f => f.Kind == kind).Sum(f => f.Times);
                Assert.True(met == injected, $"the push met {met} {kind} faults of {injected}; requests:\n{_registry.RequestsSoFar()}\n{result.Log}");
            }
        });

        Assert.Equal(["1"], await _registry.AssertWholeAsync(repository));
    }

    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task ARegistryThatStaysDownFailsThePublishAfterTheRetryBudgetAndAPublishAfterItSucceeds(string execution)
    {
        var repository = $"faults/down-{execution.ToLowerInvariant()}";
        var image = $"{_registry.Address}/{repository}:1";
        _registry.Proxy.Inject(new Fault(FaultKind.ServiceUnavailable, null, null, Times: int.MaxValue));

        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var clock = Stopwatch.StartNew();
            var down = await console.Project.PublishWithAsync(
                _registry.Variables, $"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}");

            // The budget (docs/reliability.md): 5 attempts per request, backoff from 1 s doubling with jitter: about
            // 15 s per request, and the first request that meets the outage ends the publish.
            Assert.NotEqual(0, down.ExitCode);
            var error = down.Log.Split('\n').FirstOrDefault(l => l.Contains("error BP", StringComparison.Ordinal));
            Assert.True(error is not null, $"no BP error:\n{down.Log}");
            Assert.Contains(_registry.Address, error, StringComparison.Ordinal);
            Assert.Contains("5 attempts", error, StringComparison.Ordinal);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromMinutes(3));
            Assert.Empty(await _registry.AssertWholeAsync(repository));

            _registry.Proxy.ClearFaults();
            (await console.Project.PublishWithAsync(
                _registry.Variables, $"-p:BuildpackImage={image}", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}")).EnsureSucceeded();
        });

        Assert.Equal(["1"], await _registry.AssertWholeAsync(repository));
    }
}
