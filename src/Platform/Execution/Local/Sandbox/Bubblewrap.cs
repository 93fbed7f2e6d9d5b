using System.Diagnostics;

namespace Buildpacks.Platform.Execution.Local.Sandbox;

/// <summary>
/// The sandbox Local execution runs buildpacks in: bubblewrap (<c>bwrap</c>, github.com/containers/bubblewrap), the
/// unprivileged sandbox Flatpak uses. Chosen over a rootless OCI runtime (crun, runc) because it starts in a few
/// milliseconds with no bundle to write, runs rootless wherever unprivileged user namespaces are allowed, is packaged
/// by Debian, Ubuntu and Fedora, and is the one program Ubuntu's AppArmor policy (24.04+) lets create user namespaces
/// out of the box (docs/architecture.md has the comparison). Each run gets new user, pid, ipc and uts namespaces, no
/// capabilities, a new session (no terminal to inject into), and dies with this process; the network is shared, as
/// Container execution's default <c>host</c> network is, because buildpacks download their dependencies.
/// </summary>
public static class Bubblewrap
{
    /// <summary>The program's name on <c>PATH</c>.</summary>
    public const string ProgramName = "bwrap";

    /// <summary>The full path of <c>bwrap</c> on <c>PATH</c>; null when it is not installed.</summary>
    public static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, ProgramName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>How to start <paramref name="command"/> in the sandbox with the <c>bwrap</c> at <paramref name="program"/>.</summary>
    public static ProcessStartInfo StartInfo(string program, SandboxCommand command)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(command);
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments(command))
        {
            start.ArgumentList.Add(argument);
        }

        // bwrap passes its own environment on: this one is the program's, whole (no --setenv: values would show in
        // the command line, which every user of the machine can read).
        start.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>The <c>bwrap</c> arguments for <paramref name="command"/>.</summary>
    public static IReadOnlyList<string> Arguments(SandboxCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var arguments = new List<string>
        {
            "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
            "--uid", Id(command.Uid), "--gid", Id(command.Gid),
            "--cap-drop", "ALL",
            "--die-with-parent", "--new-session",
            "--ro-bind", command.RootFileSystem, "/",
            "--proc", "/proc",
            "--dev", "/dev",
        };
        var emptyDirectories = new List<string>();
        if (!command.ShareNetwork)
        {
            arguments.Add("--unshare-net");
        }

        foreach (var mount in command.Mounts)
        {
            if (mount.HostPath is null)
            {
                arguments.AddRange(["--tmpfs", mount.SandboxPath]);
                emptyDirectories.Add(mount.SandboxPath);
            }
            else
            {
                arguments.AddRange([mount.Writable ? "--bind" : "--ro-bind", mount.HostPath, mount.SandboxPath]);
            }
        }

        // An in-memory directory takes the mount points of what is mounted inside it, then is as read-only as the root.
        foreach (var directory in emptyDirectories)
        {
            arguments.AddRange(["--remount-ro", directory]);
        }

        arguments.AddRange(["--chdir", command.WorkingDirectory, "--", command.Executable, .. command.Arguments]);
        return arguments;
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
