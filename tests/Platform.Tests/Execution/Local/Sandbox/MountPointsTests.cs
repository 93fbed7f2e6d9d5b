using Buildpacks.Platform.Execution.Local.Sandbox;
using Buildpacks.TestInfrastructure;

namespace Buildpacks.Platform.Tests.Execution.Local.Sandbox;

public sealed class MountPointsTests : IDisposable
{
    private readonly TempDirectory _temp = new("mount-points");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Mount_points_are_made_in_the_root_or_in_the_earlier_mount_that_holds_them_but_not_inside_in_memory_directories()
    {
        var root = Directory.CreateDirectory(_temp.Combine("root")).FullName;
        var platform = Directory.CreateDirectory(_temp.Combine("platform")).FullName;
        var binding = Directory.CreateDirectory(_temp.Combine("binding")).FullName;
        var file = _temp.WriteFile("resolv.conf", "nameserver 127.0.0.53");

        MountPoints.Prepare(root,
        [
            SandboxMount.ReadOnly(platform, "/platform"),
            SandboxMount.ReadOnly(binding, "/platform/bindings/db"),
            SandboxMount.Empty("/cnb/buildpacks"),
            SandboxMount.ReadOnly(binding, "/cnb/buildpacks/a/1"),
            SandboxMount.ReadOnly(file, "/etc/resolv.conf"),
        ]);

        Assert.True(Directory.Exists(Path.Combine(root, "platform")));
        Assert.True(Directory.Exists(Path.Combine(platform, "bindings", "db")));
        Assert.False(Directory.Exists(Path.Combine(root, "platform", "bindings")));
        Assert.True(Directory.Exists(Path.Combine(root, "cnb", "buildpacks")));
        Assert.False(Directory.Exists(Path.Combine(root, "cnb", "buildpacks", "a")));
        Assert.True(File.Exists(Path.Combine(root, "etc", "resolv.conf")));
    }

    [Fact]
    public void A_symlink_on_the_way_is_refused_rather_than_followed_out_of_the_root()
    {
        var root = Directory.CreateDirectory(_temp.Combine("root")).FullName;
        var outside = Directory.CreateDirectory(_temp.Combine("outside")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "etc"), outside);

        Assert.Throws<IOException>(() => MountPoints.Prepare(root, [SandboxMount.ReadOnly(_temp.WriteFile("hosts", "127.0.0.1 localhost"), "/etc/hosts")]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }
}
