using System.ComponentModel;
using Buildpacks.Lifecycle.Execution;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local.Sandbox;

/// <summary>Runs a <see cref="SandboxCommand"/> in bubblewrap, streaming its lines; a cancel kills the sandbox and all in it.</summary>
/// <param name="program">The <c>bwrap</c> to use (from <see cref="SandboxCheck"/>).</param>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SandboxProcess(string program)
{
    /// <summary>Runs <paramref name="command"/>; returns its exit code (bwrap's own failures exit 1 with a line on stderr).</summary>
    /// <exception cref="CodedException">BP8015 when the sandbox cannot be set up (its mount points, or bwrap itself).</exception>
    public async Task<int> RunAsync(SandboxCommand command, Action<OutputStream, string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(onLine);
        try
        {
            MountPoints.Prepare(command.RootFileSystem, command.Mounts);
            return await StreamedProcess.RunAsync(Bubblewrap.StartInfo(program, command), onLine, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception)
        {
            throw CodedException.Because(e, Messages.SandboxFailed, e.Message);
        }
    }
}
