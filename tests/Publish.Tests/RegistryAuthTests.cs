using Buildpacks.MSBuild.Publish.Tests.Fixtures;
using Buildpacks.MSBuild.Publish.Tests.Support;
using Buildpacks.Platform.Diagnostics;
using Buildpacks.TestInfrastructure.Registry;

namespace Buildpacks.MSBuild.Publish.Tests;

/// <summary>
/// A registry that refuses the push (htpasswd Basic auth, and no credentials for it on this machine) fails the publish
/// with the auth error, naming the registry, and leaves nothing behind.
/// </summary>
[Collection(SharedProjects.Name)]
public sealed class RegistryAuthTests(ConsoleProjectFixture console)
{
    [Theory]
    [InlineData("Container")]
    [InlineData("Local")]
    public async Task RefusedPushIsReported(string execution)
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions
        {
            BasicUsers = new Dictionary<string, string> { ["publisher"] = Guid.NewGuid().ToString("N") },
        });
        await LeakCheck.AroundAsync(console.Project, async () =>
        {
            var result = await console.Project.PublishAsync(
                $"-p:BuildpackImage={registry.Address}/refused/app:1", "-p:BuildpackPublish=true", $"-p:BuildpackExecution={execution}");
            result.EnsureFailedWith(Codes.Of(Messages.RegistryAuthRefused));
            Assert.Contains(registry.Address, result.ErrorLine(Codes.Of(Messages.RegistryAuthRefused)), StringComparison.Ordinal);
        });
    }
}
