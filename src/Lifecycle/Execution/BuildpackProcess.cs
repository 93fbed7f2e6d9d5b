using System.ComponentModel;
using System.Diagnostics;
using Buildpacks.Lifecycle.Buildpacks;
using Buildpacks.Lifecycle.Logging;

namespace Buildpacks.Lifecycle.Execution;

/// <summary>
/// Runs one buildpack executable as a child process with exactly the given arguments and environment (nothing is
/// inherited from the lifecycle), in the application directory, and streams each line it prints to the log as it is
/// printed.
/// </summary>
internal static class BuildpackProcess
{
    /// <summary>Runs <paramref name="executablePath"/> and returns its exit code.</summary>
    /// <exception cref="BuildpackExecutableException">The executable is missing, not executable, or cannot be started.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the process tree was killed.</exception>
    public static async Task<int> RunAsync(
        BuildpackDescriptor buildpack,
        BuildpackExecutable executable,
        string executablePath,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        ILifecycleLog log,
        CancellationToken cancellationToken)
    {
        EnsureExecutable(buildpack, executablePath);

        var startInfo = new ProcessStartInfo(executablePath) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // ProcessStartInfo.Environment starts as a copy of ours: clear it so the buildpack sees only what the spec allows.
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        try
        {
            return await StreamedProcess.RunAsync(
                startInfo,
                (stream, line) => log.BuildpackOutput(new BuildpackOutputLine(
                    buildpack.Id, buildpack.Version, executable, stream == OutputStream.StandardOutput ? BuildpackOutputStream.StandardOutput : BuildpackOutputStream.StandardError, line)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new BuildpackExecutableException(
                $"buildpack {buildpack}: cannot execute {executablePath}: {e.Message}", e);
        }
    }

    private static void EnsureExecutable(BuildpackDescriptor buildpack, string path)
    {
        if (!File.Exists(path))
        {
            throw new BuildpackExecutableException($"buildpack {buildpack}: {path} does not exist");
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & anyExecute) == 0)
        {
            throw new BuildpackExecutableException($"buildpack {buildpack}: {path} is not executable");
        }
    }
}

/// <summary>A buildpack executable that is missing, not executable, or cannot be started.</summary>
public sealed class BuildpackExecutableException : Exception
{
    /// <summary>Creates the exception; the message names the buildpack and the file.</summary>
    public BuildpackExecutableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
