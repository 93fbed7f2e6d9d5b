using System.Runtime.InteropServices;

namespace Buildpacks.Lifecycle.Launch;

/// <summary>
/// The few libc calls the launcher needs that .NET does not expose: <c>execve</c> (the launcher replaces itself with the
/// process, Platform API "launcher": "SHOULD replace the launcher process in memory without forking it") and
/// <c>posix_spawn</c> with a file action that opens fd 3 in the child (Buildpack API, "Exec.d": output on "a third open
/// file descriptor"). Only pointer and integer parameters, so the calls need no runtime marshalling under NativeAOT.
/// Linux values (glibc and musl agree on them).
/// </summary>
internal static class LibC
{
    private const string Library = "libc";

    public const int OCloexec = 0x80000;
    public const int FDupfdCloexec = 1030;
    public const int EIntr = 4;
    public const short PosixSpawnSetSigDef = 0x04;
    public const short PosixSpawnSetSigMask = 0x08;
    public const int SigSetMask = 2;
    public const int SigPipe = 13;
    public static readonly IntPtr SigDfl = IntPtr.Zero;

    /// <summary>Generous upper bound of <c>posix_spawn_file_actions_t</c>, <c>posix_spawnattr_t</c> and <c>sigset_t</c>.</summary>
    public const int OpaqueStructSize = 1024;

    [DllImport(Library, SetLastError = true)]
    public static extern int pipe2(int[] fds, int flags);

    [DllImport(Library, SetLastError = true)]
    public static extern int fcntl(int fd, int command, int argument);

    [DllImport(Library, SetLastError = true)]
    public static extern int close(int fd);

    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_init(IntPtr actions);

    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_adddup2(IntPtr actions, int fd, int newFd);

    // glibc 2.29+, musl 1.1.24+: the child starts in the app directory without the launcher changing its own.
    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_addchdir_np(IntPtr actions, IntPtr path);

    [DllImport(Library)]
    public static extern int posix_spawn_file_actions_destroy(IntPtr actions);

    [DllImport(Library)]
    public static extern int posix_spawnattr_init(IntPtr attributes);

    [DllImport(Library)]
    public static extern int posix_spawnattr_setflags(IntPtr attributes, short flags);

    [DllImport(Library)]
    public static extern int posix_spawnattr_setsigdefault(IntPtr attributes, IntPtr signals);

    [DllImport(Library)]
    public static extern int posix_spawnattr_setsigmask(IntPtr attributes, IntPtr signals);

    [DllImport(Library)]
    public static extern int posix_spawnattr_destroy(IntPtr attributes);

    [DllImport(Library)]
    public static extern int sigfillset(IntPtr set);

    [DllImport(Library)]
    public static extern int sigemptyset(IntPtr set);

    [DllImport(Library, SetLastError = true)]
    public static extern int pthread_sigmask(int how, IntPtr set, IntPtr oldSet);

    [DllImport(Library)]
    public static extern IntPtr signal(int signal, IntPtr handler);

    [DllImport(Library)]
    public static extern int posix_spawn(out int pid, IntPtr path, IntPtr actions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);

    [DllImport(Library, SetLastError = true)]
    public static extern int waitpid(int pid, out int status, int options);

    [DllImport(Library, SetLastError = true)]
    public static extern int execve(IntPtr path, IntPtr[] argv, IntPtr[] envp);

    /// <summary>The text of an errno value.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
