namespace Buildpacks.Platform.Docker.Tests;

public sealed class DockerEndpointTests
{
    [Fact]
    public void An_explicit_host_wins()
    {
        Assert.Equal(new Uri("unix:///run/podman/podman.sock"), DockerEndpoint.Resolve("unix:///run/podman/podman.sock"));
    }
}
