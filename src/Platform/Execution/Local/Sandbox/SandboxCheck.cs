using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Buildpacks.Lifecycle.Execution;
using Buildpacks.Platform.Diagnostics;

namespace Buildpacks.Platform.Execution.Local.Sandbox;

/// <summary>
/// Whether the sandbox works on this machine: <c>bwrap</c> is installed and may create a user namespace. Asked once per
/// <c>bwrap</c> path and process (a machine does not change its mind within a build), with a run of <c>true</c> in a
/// sandbox set up as a build's is. When it cannot work, the error names the cause and each fix; Local execution never
/// runs buildpacks without it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class SandboxCheck
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string?>>> Probes = new(StringComparer.Ordinal);

    /// <summary>
    /// The <c>bwrap</c> to run builds with: <paramref name="program"/> when given, else the one on <c>PATH</c>, once it
    /// has shown it works.
    /// </summary>
    /// <exception cref="CodedException">BP8013 not installed, BP8014 no user namespaces, BP8015 any other failure.</exception>
    public static async Task<string> RequireAsync(string? program, CancellationToken cancellationToken)
    {
        var path = program ?? Bubblewrap.Find();
        if (path is null || !File.Exists(path))
        {
            throw CodedException.Of(Messages.SandboxMissing, path ?? $"{Bubblewrap.ProgramName} on PATH");
        }

        var failure = await Probes.GetOrAdd(path, p => new Lazy<Task<string?>>(() => ProbeAsync(p))).Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return failure is null ? path : throw Classify(failure);
    }

    /// <summary>The error for a sandbox that printed <paramref name="failure"/> and would not start.</summary>
    public static CodedException Classify(string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var text = failure.Trim();

        // bwrap's words when the kernel refuses a user namespace: a sysctl (Debian's unprivileged_userns_clone,
        // user.max_user_namespaces = 0), Ubuntu's AppArmor restriction (the uid map cannot be written), or a seccomp
        // filter (a container runtime's default profile).
        var noUserNamespace =
            text.Contains("No permissions to creat", StringComparison.Ordinal)
            || text.Contains("new namespace failed", StringComparison.OrdinalIgnoreCase)
            || text.Contains("uid map", StringComparison.OrdinalIgnoreCase)
            || text.Contains("setting up uid", StringComparison.OrdinalIgnoreCase)
            || text.Contains("unshare", StringComparison.OrdinalIgnoreCase);
        return noUserNamespace ? CodedException.Of(Messages.SandboxNoUserNamespaces, text) : CodedException.Of(Messages.SandboxFailed, text);
    }

    // Null when it works; else what went wrong, in bwrap's words.
    private static async Task<string?> ProbeAsync(string program)
    {
        var start = Bubblewrap.StartInfo(program, new SandboxCommand
        {
            RootFileSystem = "/",
            Uid = 1000,
            Gid = 1000,
            Environment = [new("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")],
            Executable = "true",
        });
        var said = new StringBuilder();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var exit = await StreamedProcess.RunAsync(start, (_, line) => { lock (said) { said.AppendLine(line); } }, timeout.Token).ConfigureAwait(false);
            return exit == 0 ? null : said.Length > 0 ? said.ToString() : $"{program} exited with code {exit}";
        }
        catch (Win32Exception e)
        {
            return $"{program} cannot be run: {e.Message}";
        }
        catch (OperationCanceledException)
        {
            return $"{program} did not finish a trial run within 30 seconds";
        }
    }
}
