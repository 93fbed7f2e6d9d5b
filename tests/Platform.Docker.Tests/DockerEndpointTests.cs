using System.Security.Cryptography;
using System.Text;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Docker.Tests;

public sealed class DockerEndpointTests
{
    [Fact]
    public void An_explicit_host_wins()
    {
        Assert.Equal(new Uri("unix:///run/podman/podman.sock"), DockerEndpoint.Resolve("unix:///run/podman/podman.sock"));
    }

    [Fact]
    public void The_order_is_explicit_host_then_DOCKER_HOST_then_the_current_context_then_the_default_socket()
    {
        using var config = new TempDirectory("docker-config");
        config.WriteFile("config.json", "{\"currentContext\": \"colima\"}");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("colima"))).ToLowerInvariant();
        config.WriteFile($"contexts/meta/{hash}/meta.json", "{\"Name\":\"colima\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///home/me/.colima/docker.sock\"}}}");

        Assert.Equal("BuildpackDockerHost", DockerEndpoint.ResolveWithSource("tcp://127.0.0.1:2375", "unix:///env.sock", null, config.Path).Source);
        var fromEnvironment = DockerEndpoint.ResolveWithSource(null, "unix:///env.sock", null, config.Path);
        Assert.Equal(("DOCKER_HOST", "unix:///env.sock"), (fromEnvironment.Source, fromEnvironment.Display));
        var fromContext = DockerEndpoint.ResolveWithSource(null, null, null, config.Path);
        Assert.Equal("unix:///home/me/.colima/docker.sock", fromContext.Display);
        Assert.Contains("colima", fromContext.Source, StringComparison.Ordinal);
        Assert.Equal(DockerEndpoint.DefaultSocket, DockerEndpoint.ResolveWithSource(null, null, "default", config.Path).Display);
        Assert.Equal(DockerEndpoint.DefaultSocket, DockerEndpoint.ResolveWithSource(null, null, null, config.Combine("missing")).Display);
    }

    [Fact]
    public void A_host_that_is_not_an_endpoint_is_refused()
    {
        Assert.Throws<FormatException>(() => DockerEndpoint.Resolve("ssh://me@host"));
        Assert.Equal(new Uri("unix:///var/run/docker.sock"), DockerEndpoint.Resolve("/var/run/docker.sock"));
    }
}
