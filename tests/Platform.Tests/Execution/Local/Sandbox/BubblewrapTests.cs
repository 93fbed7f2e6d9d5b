using Buildpacks.Platform.Execution.Local.Sandbox;

namespace Buildpacks.Platform.Tests.Execution.Local.Sandbox;

public sealed class BubblewrapTests
{
    private static readonly SandboxCommand Command = new()
    {
        RootFileSystem = "/cache/rootfs",
        Uid = 1000,
        Gid = 1001,
        Mounts =
        [
            SandboxMount.ReadOnly("/scratch/platform", "/platform"),
            SandboxMount.ReadWrite("/scratch/layers", "/layers"),
            SandboxMount.Empty("/cnb/buildpacks"),
            SandboxMount.ReadOnly("/scratch/bp/a/1", "/cnb/buildpacks/a/1"),
        ],
        Environment = [new("CNB_PLATFORM_API", "0.15"), new("SECRET_LOOKING", "value")],
        WorkingDirectory = "/workspace",
        Executable = "/cnb/lifecycle/builder",
        Arguments = ["-layers", "/layers"],
    };

    [Fact]
    public void The_sandbox_has_its_own_user_pid_ipc_and_uts_namespaces_no_capabilities_and_a_new_session_but_the_host_network()
    {
        var arguments = Bubblewrap.Arguments(Command);

        Assert.Contains("--unshare-user", arguments);
        Assert.Contains("--unshare-pid", arguments);
        Assert.Contains("--unshare-ipc", arguments);
        Assert.Contains("--unshare-uts", arguments);
        Assert.DoesNotContain("--unshare-net", arguments);
        Assert.DoesNotContain("--unshare-all", arguments);
        Assert.Equal("ALL", arguments[arguments.ToList().IndexOf("--cap-drop") + 1]);
        Assert.Contains("--new-session", arguments);
        Assert.Contains("--die-with-parent", arguments);
        Assert.Equal(["--uid", "1000", "--gid", "1001"], arguments.SkipWhile(a => a != "--uid").Take(4));
    }

    [Fact]
    public void The_builder_root_is_read_only_and_mounts_follow_in_order_with_in_memory_directories_made_read_only_last()
    {
        var arguments = string.Join(' ', Bubblewrap.Arguments(Command));

        Assert.Contains("--ro-bind /cache/rootfs / --proc /proc --dev /dev", arguments, StringComparison.Ordinal);
        Assert.Contains("--ro-bind /scratch/platform /platform --bind /scratch/layers /layers --tmpfs /cnb/buildpacks --ro-bind /scratch/bp/a/1 /cnb/buildpacks/a/1 --remount-ro /cnb/buildpacks", arguments, StringComparison.Ordinal);
        Assert.EndsWith("--chdir /workspace -- /cnb/lifecycle/builder -layers /layers", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_is_the_commands_alone_and_never_on_the_command_line()
    {
        var start = Bubblewrap.StartInfo("/usr/bin/bwrap", Command);

        Assert.Equal(["CNB_PLATFORM_API", "SECRET_LOOKING"], start.Environment.Keys.Order());
        Assert.DoesNotContain(start.ArgumentList, a => a.Contains("value", StringComparison.Ordinal) || a is "--setenv" or "--clearenv");
    }

    [Fact]
    public void No_network_is_a_network_namespace_of_its_own()
    {
        Assert.Contains("--unshare-net", Bubblewrap.Arguments(Command with { ShareNetwork = false }));
    }
}
