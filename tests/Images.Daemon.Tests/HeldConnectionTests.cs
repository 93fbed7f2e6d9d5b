using Buildpacks.Images.Engine;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Images.Daemon.Tests;

/// <summary>
/// A lifecycle phase that starts as root dials the daemon before it becomes the build user and keeps using those
/// connections (as the reference lifecycle's priv.DockerClient does): here the socket's name is taken away instead of the
/// privilege, and the held connections keep answering, one after another and a few at once.
/// </summary>
public sealed class HeldConnectionTests : IDisposable
{
    private readonly TempDirectory _directory = new("held-connection");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Held_connections_answer_after_the_socket_can_no_longer_be_opened()
    {
        await RequiredServices.RequireDockerAsync();
        var link = _directory.Combine("docker.sock");
        File.CreateSymbolicLink(link, RequiredServices.DockerSocket);
        using var held = new EngineApiClient(DaemonEndpoint.Parse("unix://" + link, "test"));
        using var plain = new EngineApiClient(DaemonEndpoint.Parse("unix://" + link, "test"));

        await held.HoldConnectionAsync(CancellationToken.None);
        File.Delete(link);

        for (var i = 0; i < 5; i++)
        {
            await held.PingAsync(CancellationToken.None);
            Assert.NotEmpty((await held.GetVersionAsync(CancellationToken.None)).ApiVersion);
        }

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => held.ListImagesAsync(CancellationToken.None)));
        await Assert.ThrowsAsync<DaemonUnreachableException>(() => plain.PingAsync(CancellationToken.None));
    }
}
