using System.Runtime.InteropServices;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// Replaces the launcher with the process (<c>execve</c>, no fork: Platform API, "launcher": "SHOULD replace the
/// launcher process in memory without forking it"), so that the process keeps the launcher's PID, receives the
/// container's signals directly and its exit status is the container's.
/// </summary>
public static class ProcessReplacement
{
    /// <summary>Changes to the working directory and executes <paramref name="command"/>; returns only by throwing.</summary>
    /// <exception cref="LifecycleException">The directory or the executable could not be entered (exit code 82).</exception>
    public static void Exec(LaunchCommand command)
    {
        try
        {
            Directory.SetCurrentDirectory(command.WorkingDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LifecycleException(
                LauncherExitCodes.LaunchFailed,
                $"change directory to '{command.WorkingDirectory}': {e.Message}",
                e);
        }

        using var strings = new NativeStrings();
        var path = strings.Add(command.ExecutablePath);
        var argv = strings.AddArray(command.Argv);
        var envp = strings.AddArray(command.Environment.Select(v => $"{v.Key}={v.Value}"));
        RestoreSignalDefaults();
        LibC.execve(path, argv, envp);
        var errno = Marshal.GetLastPInvokeError();
        throw new LifecycleException(
            LauncherExitCodes.LaunchFailed,
            $"exec '{command.ExecutablePath}': {LibC.Describe(errno)}");
    }

    /// <summary>
    /// <c>execve</c> keeps ignored signals ignored and the signal mask. The .NET runtime ignores SIGPIPE for its own
    /// sake; the process must not inherit that (a pipeline's writer would no longer stop when its reader exits).
    /// </summary>
    private static void RestoreSignalDefaults()
    {
        LibC.signal(LibC.SigPipe, LibC.SigDfl);
        var emptySet = Marshal.AllocHGlobal(LibC.OpaqueStructSize);
        try
        {
            LibC.sigemptyset(emptySet);
            LibC.pthread_sigmask(LibC.SigSetMask, emptySet, IntPtr.Zero);
        }
        finally
        {
            Marshal.FreeHGlobal(emptySet);
        }
    }
}
