using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// Runs one exec.d executable (Buildpack API, "Exec.d"; Platform API, "launcher", "Execution"): in the app directory,
/// with the launch environment as it stands, stdout and stderr shared with the launcher, and the write end of a pipe
/// as fd 3. Whatever it writes there is parsed as <see cref="ExecDOutput"/>. A non-zero exit fails the launch.
/// </summary>
/// <remarks>
/// .NET's <c>Process</c> cannot give a child an extra descriptor, so this spawns with <c>posix_spawn</c> and a
/// <c>dup2</c> file action. The child starts with every signal at its default disposition and none blocked, as a
/// process started by a fresh shell would, whatever the .NET runtime did to its own dispositions.
/// </remarks>
public static class ExecDRunner
{
    private const int OutputFd = 3;

    /// <summary>Runs <paramref name="executable"/> and returns the variables it printed to fd 3.</summary>
    /// <exception cref="LifecycleException">It could not be started, exited non-zero, or printed invalid TOML (exit code 82).</exception>
    public static IReadOnlyDictionary<string, string> Run(
        string executable,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment)
    {
        var fds = new int[2];
        if (LibC.pipe2(fds, LibC.OCloexec) != 0)
        {
            throw Failed(executable, $"cannot create a pipe: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }

        using var readEnd = new SafeFileHandle(fds[0], ownsHandle: true);
        var writeEnd = fds[1];
        int pid;
        try
        {
            pid = Spawn(executable, workingDirectory, environment, ref writeEnd);
        }
        finally
        {
            // The child holds its own copy; EOF on the read end then means the child (and anything it left
            // running with fd 3) is done writing.
            LibC.close(writeEnd);
        }

        string output;
        using (var reader = new StreamReader(new FileStream(readEnd, FileAccess.Read, bufferSize: 1), new UTF8Encoding(false)))
        {
            output = reader.ReadToEnd();
        }

        var status = Wait(pid, executable);
        if (status != 0)
        {
            throw Failed(executable, DescribeStatus(status));
        }

        return ExecDOutput.Parse(output, executable);
    }

    private static int Spawn(string executable, string workingDirectory, IReadOnlyDictionary<string, string> environment, ref int writeEnd)
    {
        if (writeEnd == OutputFd)
        {
            // dup2(3, 3) would leave close-on-exec set on some libcs: move the pipe off fd 3 first.
            var moved = LibC.fcntl(writeEnd, LibC.FDupfdCloexec, OutputFd + 1);
            LibC.close(writeEnd);
            writeEnd = moved;
        }

        var actions = Marshal.AllocHGlobal(LibC.OpaqueStructSize);
        var attributes = Marshal.AllocHGlobal(LibC.OpaqueStructSize);
        var defaultSignals = Marshal.AllocHGlobal(LibC.OpaqueStructSize);
        var blockedSignals = Marshal.AllocHGlobal(LibC.OpaqueStructSize);
        using var strings = new NativeStrings();
        try
        {
            LibC.posix_spawn_file_actions_init(actions);
            LibC.posix_spawnattr_init(attributes);
            try
            {
                LibC.posix_spawn_file_actions_adddup2(actions, writeEnd, OutputFd);
                LibC.posix_spawn_file_actions_addchdir_np(actions, strings.Add(workingDirectory));
                LibC.sigfillset(defaultSignals);
                LibC.sigemptyset(blockedSignals);
                LibC.posix_spawnattr_setsigdefault(attributes, defaultSignals);
                LibC.posix_spawnattr_setsigmask(attributes, blockedSignals);
                LibC.posix_spawnattr_setflags(attributes, LibC.PosixSpawnSetSigDef | LibC.PosixSpawnSetSigMask);

                var error = LibC.posix_spawn(
                    out var pid,
                    strings.Add(executable),
                    actions,
                    attributes,
                    strings.AddArray([executable]),
                    strings.AddArray(environment.Select(v => $"{v.Key}={v.Value}")));
                return error == 0 ? pid : throw Failed(executable, LibC.Describe(error));
            }
            finally
            {
                LibC.posix_spawn_file_actions_destroy(actions);
                LibC.posix_spawnattr_destroy(attributes);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(defaultSignals);
            Marshal.FreeHGlobal(blockedSignals);
        }
    }

    private static int Wait(int pid, string executable)
    {
        while (true)
        {
            if (LibC.waitpid(pid, out var status, 0) == pid)
            {
                return status;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EIntr)
            {
                throw Failed(executable, $"cannot wait for it: {LibC.Describe(errno)}");
            }
        }
    }

    private static string DescribeStatus(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? $"exit status {(status >> 8) & 0xff}" : $"killed by signal {signal}";
    }

    private static LifecycleException Failed(string executable, string reason) =>
        new(LauncherExitCodes.LaunchFailed, $"exec.d: failed to execute exec.d file at path '{executable}': {reason}");
}
