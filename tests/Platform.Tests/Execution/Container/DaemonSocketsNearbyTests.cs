using System.Net.Sockets;
using Buildpacks.Platform.Execution.Container;
using Buildpacks.TestInfrastructure;
using Xunit;

namespace Buildpacks.Platform.Tests.Execution.Container;

/// <summary>Where a daemon listens when none answers at the endpoint asked: the error says so (BP3001).</summary>
public sealed class DaemonSocketsNearbyTests
{
    [Fact]
    public void A_rootless_Podman_socket_and_Colimas_are_found_when_the_asked_socket_is_not_them()
    {
        using var temp = new TempDirectory("sockets");
        var runtime = Directory.CreateDirectory(temp.Combine("run", "podman")).Parent!.FullName;
        var home = Directory.CreateDirectory(temp.Combine("home", ".colima", "default")).Parent!.Parent!.FullName;
        using var podman = Listen(Path.Combine(runtime, "podman", "podman.sock"));
        using var colima = Listen(Path.Combine(home, ".colima", "default", "docker.sock"));
        var asked = "unix://" + Path.Combine(home, ".colima", "default", "docker.sock");

        var found = DaemonSocketsNearby.Find(asked, n => n == "XDG_RUNTIME_DIR" ? runtime : null, home);

        Assert.Contains("unix://" + Path.Combine(runtime, "podman", "podman.sock"), found);
        Assert.DoesNotContain(asked, found);
    }

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }
}
