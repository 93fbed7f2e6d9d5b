using Buildpacks.Images.Model;
using Buildpacks.Images.Engine;
using Buildpacks.Images.Stores.Daemon;

namespace Buildpacks.Images.Daemon.Tests;

public sealed class ChainIdsTests
{
    [Fact]
    public void Chain_ids_follow_the_image_spec()
    {
        var a = Digest.Compute("a"u8);
        var b = Digest.Compute("b"u8);

        var chain = ChainIds.Of([a, b]);

        Assert.Equal(a, chain[0]);
        Assert.Equal(Digest.Compute(System.Text.Encoding.ASCII.GetBytes($"{a} {b}")), chain[1]);
    }
}
