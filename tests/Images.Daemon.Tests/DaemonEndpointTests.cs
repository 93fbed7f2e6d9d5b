using Buildpacks.Images.Stores.Daemon;

namespace Buildpacks.Images.Daemon.Tests;

public sealed class DaemonEndpointTests
{
    [Fact]
    public void The_endpoint_comes_from_the_option_else_docker_host_else_the_default_socket()
    {
        Assert.Equal("unix:///run/podman/podman.sock", DaemonEndpoint.Resolve("/run/podman/podman.sock").ToString());
        Assert.Equal("unix:///tmp/d.sock", DaemonEndpoint.Resolve("unix:///tmp/d.sock").ToString());
        Assert.Throws<DaemonException>(() => DaemonEndpoint.Resolve("ftp://nowhere"));
        var fromEnvironment = DaemonEndpoint.Resolve(null);
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Assert.Equal(string.IsNullOrEmpty(dockerHost) ? DaemonEndpoint.DefaultSocket : dockerHost, fromEnvironment.ToString());
    }
}
