using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Docker.Tests.Support;

/// <summary>
/// A <c>dotnet new console</c> and a <c>dotnet new web</c> app, published framework-dependent once for every test of the
/// collection (the sample builder's runtime buildpack adds the runtime). Offline: templates ship with the SDK.
/// Also makes sure the sample builder and its run image are in the daemon, so tests with PullPolicy=Never have them.
/// </summary>
public sealed class TestApps : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("docker-exec-apps");

    /// <summary>The console app's publish output (prints "Hello, World!").</summary>
    public string Console => _temp.Combine("publish", "console");

    /// <summary>The web app's publish output (answers "Hello World!" at /).</summary>
    public string Web => _temp.Combine("publish", "web");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await RequiredServices.RequireDockerAsync();
        foreach (var image in new[] { TestBuilds.Builder, TestBuilds.RunImage })
        {
            var pulled = await ProcessRunner.RunAsync("docker", ["pull", image], timeout: TimeSpan.FromMinutes(5));
            pulled.EnsureSuccess($"docker pull {image} (run 'bash build/sample-builder.sh' to make the sample builder)");
        }

        var console = await NewAsync("console", "ConsoleApp");
        var web = await NewAsync("web", "WebApp");
        await PublishAsync(console, Console);
        await PublishAsync(web, Web);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> NewAsync(string template, string name)
    {
        var directory = _temp.Combine("src", name);
        await DotnetAsync(_temp.Path, "new", template, "-n", name, "-o", directory);
        return directory;
    }

    private static Task PublishAsync(string project, string output) =>
        DotnetAsync(project, "publish", "-c", "Release", "-o", output, "-nologo");

    private static async Task DotnetAsync(string workingDirectory, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        var result = await ProcessRunner.RunAsync("dotnet", args, workingDirectory, environment, timeout: TimeSpan.FromMinutes(5));
        result.EnsureSuccess($"dotnet {string.Join(' ', args)}");
    }
}

/// <summary>The tests that build images in the daemon: one at a time, so each can prove it left nothing behind.</summary>
[CollectionDefinition(Name)]
public sealed class ContainerBuildsCollection : ICollectionFixture<TestApps>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "container builds";
}
