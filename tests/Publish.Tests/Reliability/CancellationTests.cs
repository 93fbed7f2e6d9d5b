using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.TestInfrastructure.Images;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.MSBuild.Publish.Tests.Reliability;

/// <summary>
/// Ctrl+C (SIGINT to dotnet) during the builder's pull, the build and the push, in both executions: the publish ends
/// within 5 s, leaves no container, volume, ephemeral image or scratch directory and no tag that names a missing blob,
/// and the next publish works and reuses what the last whole one left. The builder and the image go through a
/// <see cref="FaultProxy"/> in front of the loopback registry, which holds the request the interruption is aimed at, so
/// the signal lands in the step it is meant for, however fast the machine.
/// </summary>
[Collection(SharedProjects.Name)]
[Trait("Category", "Reliability")]
public sealed class CancellationTests(ConsoleProjectFixture console)
{
    private static readonly TimeSpan Held = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task InterruptedPublishesEndWithinSecondsLeaveNothingAndTheNextOneWorks(string execution)
    {
        await using var proxy = await FaultProxy.StartAsync(SampleServices.Registry);
        var builderRepository = $"{proxy.Address}/{Repository(SampleServices.Builder)}";
        var builder = $"{builderRepository}:{SampleServices.Builder[(SampleServices.Builder.LastIndexOf(':') + 1)..]}";
        var repository = $"publish-tests/cancel-{execution.ToLowerInvariant()}-{Guid.NewGuid():N}";
        string[] arguments =
        [
            $"-p:BuildpackImage={proxy.Address}/{repository}:1", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}",
            $"-p:BuildpackBuilder={builder}", $"-p:BuildpackTrustedBuilders={builderRepository}", "-p:BuildpackForce=true",
        ];
        // A user cache of its own for Local execution, so that its builder is pulled (and extracted) afresh.
        var variables = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = console.Project.Output($"cache-{Guid.NewGuid():N}") };
        var caches = await LeakCheck.StartAsync();
        try
        {
            // 1. The builder's pull: its manifest is held (the daemon's pull in Container execution, the platform's read in Local).
            proxy.Inject(new Fault(FaultKind.Delay, null, $"/{Repository(SampleServices.Builder)}/manifests/", DelayMilliseconds: (int)Held.TotalMilliseconds));
            await InterruptAsync(arguments, variables, _ => proxy.Taken(FaultKind.Delay) == 1, repository);
            proxy.ClearFaults();

            // 2. A whole publish, whose image and caches the later ones reuse.
            (await console.Project.PublishWithAsync(variables, arguments)).EnsureSucceeded();
            var whole = await Skopeo.DigestAsync($"docker://{SampleServices.Registry}/{repository}:1");

            // 3. The build: the tag still names the whole image.
            await InterruptAsync(arguments, variables, log => log.Contains("===> BUILDING", StringComparison.Ordinal), repository);
            Assert.Equal(whole, await Skopeo.DigestAsync($"docker://{SampleServices.Registry}/{repository}:1"));

            // 4. The push: the manifest is held, after the layers went up; the tag still names the whole image.
            proxy.Inject(new Fault(FaultKind.Delay, "PUT", $"/{repository}/manifests/", DelayMilliseconds: (int)Held.TotalMilliseconds));
            await InterruptAsync(arguments, variables, _ => proxy.Taken(FaultKind.Delay) == 2, repository);
            proxy.ClearFaults();
            Assert.Equal(whole, await Skopeo.DigestAsync($"docker://{SampleServices.Registry}/{repository}:1"));

            // 5. The next publish works, reusing the layers of the image of step 2.
            var next = (await console.Project.PublishWithAsync(variables, [.. arguments, "-v:d"])).EnsureSucceeded();
            next.EnsureLogContains("Reusing layer");
            Assert.Equal(["1"], await RegistryContents.AssertWholeAsync(SampleServices.Registry, repository));
        }
        finally
        {
            // The daemon keeps the builder under the proxy's name (a new port each run).
            await DockerTestCli.TryRunAsync("image", "rm", builder);
            await caches.RemoveNewCacheVolumesAsync();
        }
    }

    private async Task InterruptAsync(string[] arguments, IReadOnlyDictionary<string, string> variables, Func<string, bool> when, string repository)
    {
        // Cache volumes stay between the steps (the next publish reuses them); the test removes them at its end.
        var leaks = await LeakCheck.StartAsync();
        var interrupted = await InterruptedPublish.RunAsync(console.Project, arguments, when, variables);
        Assert.True(interrupted.ExitCode != 0, $"the interrupted publish succeeded:\n{interrupted.Log}");
        Assert.True(interrupted.SignalToExit <= Promptly, $"the publish took {interrupted.SignalToExit.TotalSeconds:0.0} s to end after SIGINT:\n{interrupted.Log}");
        await leaks.AssertNothingLeftAsync(console.Project);
        await RegistryContents.AssertWholeAsync(SampleServices.Registry, repository);
    }

    private static string Repository(string reference)
    {
        var name = reference[..reference.LastIndexOf(':')];
        return name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
    }
}
