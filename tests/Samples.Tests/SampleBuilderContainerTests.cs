using System.Net;
using System.Net.Sockets;
using Buildpacks.Samples.Tests.Support;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Samples.Tests;

/// <summary>
/// The sample builder end to end: <c>/cnb/lifecycle/creator</c> in a container of the builder image builds a published
/// <c>dotnet new web</c> app into the loopback registry, and the app image answers HTTP under <c>docker run</c>.
/// </summary>
[Collection(PublishedAppsCollection.Name)]
public sealed class SampleBuilderContainerTests(PublishedApps apps) : IAsyncLifetime
{
    private readonly List<string> _containers = [];
    private readonly List<string> _images = [];
    private string? _firstOutput;

    public Task InitializeAsync() => RequiredServices.RequireDockerAsync();

    public Task DisposeAsync() => DockerCli.RemoveAsync(_containers, _images);

    [Fact]
    public async Task Framework_dependent_web_app_image_answers_hello_world_on_the_port_given_at_run_time()
    {
        var image = await CreateAsync(apps.WebFrameworkDependent, "web-fd");
        var port = FreePort();

        var body = await RunAndGetAsync(image, port, ["-e", $"ASPNETCORE_HTTP_PORTS={port}"]);

        Assert.Equal("Hello World!", body);
    }

    [Fact]
    public async Task Self_contained_web_app_image_answers_hello_world_on_the_PORT_given_at_run_time()
    {
        var image = await CreateAsync(apps.WebSelfContained, "web-sc");
        var port = FreePort();

        var body = await RunAndGetAsync(image, port, ["-e", $"PORT={port}"]);

        Assert.Equal("Hello World!", body);
    }

    [Fact]
    public async Task Rebuilding_an_unchanged_app_reuses_the_runtime_layer_and_gives_the_same_image()
    {
        var image = await CreateAsync(apps.WebFrameworkDependent, "web-fd-again");

        var again = await RunCreatorAsync(apps.WebFrameworkDependent, image);

        Assert.Contains("---> Reusing the .NET runtime layer of the previous image", again, StringComparison.Ordinal);
        Assert.Contains("Reusing layer 'buildpacks-msbuild/dotnet-runtime:dotnet-runtime'", again, StringComparison.Ordinal);
        Assert.Equal(DigestIn(_firstOutput!), DigestIn(again));
    }

    /// <summary>Runs the creator of the sample builder on <paramref name="appDir"/>; returns the app image reference.</summary>
    private async Task<string> CreateAsync(string appDir, string name)
    {
        var image = $"127.0.0.1:5000/samples-tests/{name}:{Guid.NewGuid():N}";
        _images.Add(image);
        _firstOutput = await RunCreatorAsync(appDir, image);
        Assert.Contains("---> .NET App buildpack", _firstOutput, StringComparison.Ordinal);
        return image;
    }

    /// <summary>Runs <c>/cnb/lifecycle/creator</c> in a container of the sample builder; returns its output.</summary>
    private async Task<string> RunCreatorAsync(string appDir, string image)
    {
        var builder = await SampleBuilder.ReferenceAsync();
        var container = $"samples-tests-creator-{Guid.NewGuid():N}";
        _containers.Add(container);
        var create = await DockerCli.RunAsync(
            ["run", "--name", container, "--network", "host", "-e", "CNB_PLATFORM_API=0.15", "-v", $"{appDir}:/workspace:ro", builder, "/cnb/lifecycle/creator", "-app", "/workspace", "-log-level", "debug", image]);
        create.EnsureSuccess($"creator of {image}");
        return create.StandardOutput + create.StandardError;
    }

    private static string DigestIn(string creatorOutput) =>
        creatorOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("*** Digest: sha256:", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"The creator printed no digest:\n{creatorOutput}");

    private async Task<string> RunAndGetAsync(string image, int port, IReadOnlyList<string> env)
    {
        var container = $"samples-tests-app-{Guid.NewGuid():N}";
        _containers.Add(container);
        (await DockerCli.RunAsync(["run", "-d", "--name", container, "--network", "host", .. env, image])).EnsureSuccess($"docker run {image}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
            catch (HttpRequestException e)
            {
                var logs = await DockerCli.RunAsync(["logs", container]);
                throw new InvalidOperationException($"{image} did not answer on port {port}: {e.Message}\nlogs:\n{logs.StandardOutput}{logs.StandardError}", e);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
