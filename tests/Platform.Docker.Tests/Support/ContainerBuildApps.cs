using Buildpacks.TestInfrastructure;
using Buildpacks.TestInfrastructure.Apps;

namespace Buildpacks.Platform.Docker.Tests.Support;

/// <summary>
/// What the container build tests share: <c>dotnet new console</c>'s and <c>dotnet new web</c>'s apps, published
/// framework-dependent (<see cref="TestApps"/>; the sample builder's runtime buildpack adds the runtime), and the sample
/// builder and its run image in the daemon, so that tests with PullPolicy=Never have them.
/// </summary>
public sealed class ContainerBuildApps : IAsyncLifetime
{
    /// <summary>The console app's publish output (prints "Hello, World!").</summary>
    public string Console { get; private set; } = "";

    /// <summary>The web app's publish output (answers "Hello World!" at /).</summary>
    public string Web { get; private set; } = "";

    /// <summary>The lifecycle image untrusted builds run their analyzer, restorer and exporter from (the contract double's, at Platform API 0.15).</summary>
    public string LifecycleImage { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await RequiredServices.RequireDockerAsync();
        foreach (var image in new[] { TestBuilds.Builder, TestBuilds.RunImage })
        {
            var pulled = await ProcessRunner.RunAsync("docker", ["pull", image], timeout: TimeSpan.FromMinutes(5));
            pulled.EnsureSuccess($"docker pull {image} (run 'bash build/sample-builder.sh' to make the sample builder)");
        }

        LifecycleImage = await Contract.ContractImages.LifecycleImageAsync();
        Console = await TestApps.PublishAsync(TestAppProject.Console(), AppDeployment.FrameworkDependent);
        Web = await TestApps.PublishAsync(TestAppProject.Web(), AppDeployment.FrameworkDependent);
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Contract.ContractImages.RemoveFromDaemonAsync();
}

/// <summary>The tests that build images in the daemon: one at a time, so each can prove it left nothing behind.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerBuildsCollection : ICollectionFixture<ContainerBuildApps>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "container builds";
}
