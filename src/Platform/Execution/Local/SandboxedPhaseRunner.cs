using System.Globalization;
using Buildpacks.Images.Model;
using Buildpacks.Platform.Execution.Container;
using Buildpacks.Platform.Execution.Local.Sandbox;

namespace Buildpacks.Platform.Execution.Local;

/// <summary>
/// Runs a lifecycle phase of the builder (<c>/cnb/lifecycle/&lt;phase&gt;</c>, from <see cref="LifecyclePlan"/>, as
/// Container execution runs it) in the sandbox, the way a container of the builder image would run it: the builder's
/// file system as <c>/</c>, the phase's mounts at their paths (the app, <c>/layers</c>, <c>/platform</c>, bindings,
/// added buildpacks), as the phase's user, with the image's <c>Env</c> and working directory under the phase's own
/// variables. Where a build user may write in a container (its home, <c>/tmp</c>, <c>/var/tmp</c>), it writes into
/// this build's scratch copies; everywhere else the file system is read-only, as the image's root-owned files are to
/// it in a container.
/// </summary>
/// <param name="program">The <c>bwrap</c> to run (<see cref="SandboxCheck"/>).</param>
/// <param name="root">The builder's file system.</param>
/// <param name="image">The builder image's config (Env, WorkingDir).</param>
/// <param name="directories">The build's directories on this machine.</param>
/// <param name="mounts">More mounts for the phases that run buildpacks: added buildpacks, bindings.</param>
/// <param name="log">Where the phase's lines go.</param>
/// <param name="network">The build's network (<see cref="BuildRequest.Network"/>): <c>none</c> gives the phases none; anything else is this machine's, as Container execution's default <c>host</c>.</param>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class SandboxedPhaseRunner(
    string program, BuilderRoot root, ContainerConfig image, LocalBuildDirectories directories, IReadOnlyList<SandboxMount> mounts, IBuildLog log, string? network)
{
    // Docker's PATH when an image sets none (the daemon's default for Linux containers).
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Runs <paramref name="spec"/> to its end; a <paramref name="quiet"/> run's output goes to the log at debug level only.</summary>
    public async Task<PhaseOutcome> RunAsync(PhaseSpec spec, CancellationToken cancellationToken, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!quiet)
        {
            log.Progress($"Running the {spec.Phase} (sandboxed)");
        }

        var (uid, gid) = User(spec.User);
        var home = Home(uid, spec.Environment);
        var homeCopy = await directories.HomeAsync(root, home, cancellationToken).ConfigureAwait(false);
        var lines = new PhaseLines(log, spec.Phase, quiet);
        var command = new SandboxCommand
        {
            RootFileSystem = root.Root,
            Mounts = Mounts(spec, home, homeCopy),
            Uid = uid,
            Gid = gid,
            Environment = Environment(spec.Environment, home),
            WorkingDirectory = string.IsNullOrEmpty(image.WorkingDir) ? "/" : image.WorkingDir,
            ShareNetwork = network != "none",
        };
        command = WithContainerUmask(command, $"/cnb/lifecycle/{spec.Phase}", spec.Arguments);
        var exit = await new SandboxProcess(program).RunAsync(command, (_, line) => lines.Add(line), cancellationToken).ConfigureAwait(false);
        return new PhaseOutcome(spec.Phase, ContainerId: "", exit, lines.Last);
    }

    // A container starts with umask 022 (the runtime's default), so what buildpacks create has the modes a container
    // build gives; bwrap keeps this process's, which the user's shell decides. A shell of the image sets it, when the
    // image has one.
    private SandboxCommand WithContainerUmask(SandboxCommand command, string executable, IReadOnlyList<string> arguments) =>
        File.Exists(root.HostPath("/bin/sh"))
            ? command with { Executable = "/bin/sh", Arguments = ["-c", "umask 022 && exec \"$0\" \"$@\"", executable, .. arguments] }
            : command with { Executable = executable, Arguments = arguments };

    // What the phase sees, outermost first so that a mount inside another comes after it (a binding inside /platform).
    private IReadOnlyList<SandboxMount> Mounts(PhaseSpec spec, string home, string? homeCopy)
    {
        var all = new List<SandboxMount>
        {
            SandboxMount.ReadOnly(directories.Platform, "/platform"),
            SandboxMount.ReadWrite(directories.Tmp, "/tmp"),
        };
        all.AddRange(spec.Binds.Select(Parse));
        if (Directory.Exists(root.HostPath("/var/tmp")) && new FileInfo(root.HostPath("/var/tmp")).LinkTarget is null)
        {
            all.Add(SandboxMount.ReadWrite(directories.VarTmp, "/var/tmp"));
        }

        if (homeCopy is not null)
        {
            all.Add(SandboxMount.ReadWrite(homeCopy, home));
        }

        // Name resolution as the host has it, as Docker gives a container on the host network.
        foreach (var file in new[] { "/etc/resolv.conf", "/etc/hosts" })
        {
            if (File.Exists(file) && new FileInfo(root.HostPath(file)).LinkTarget is null)
            {
                all.Add(SandboxMount.ReadOnly(file, file));
            }
        }

        all.AddRange(mounts);
        return [.. all.OrderBy(m => m.SandboxPath.Count(c => c == '/'))];
    }

    // A bind as PhaseSpec writes it for Docker: "source:target[:ro|:rw]" (the source may hold ':', the target not).
    private static SandboxMount Parse(string bind)
    {
        var mode = bind.EndsWith(":ro", StringComparison.Ordinal) ? "ro" : bind.EndsWith(":rw", StringComparison.Ordinal) ? "rw" : null;
        var text = mode is null ? bind : bind[..^3];
        var colon = text.LastIndexOf(':');
        return new SandboxMount(text[..colon], text[(colon + 1)..], mode != "ro");
    }

    private static (int Uid, int Gid) User(string user)
    {
        var parts = user.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            return (uid, gid);
        }

        // Only the phases that run buildpacks are sandboxed, and they run as the build user; root never runs here.
        throw new ArgumentException($"The sandbox runs phases as the build user (uid:gid), not '{user}'.", nameof(user));
    }

    // HOME as Docker sets it for a container's user: the image's or the phase's variable, else the user's home in the
    // image's /etc/passwd, else "/".
    private string Home(int uid, IReadOnlyList<string> phaseEnvironment) =>
        Variable(phaseEnvironment, "HOME") ?? Variable(image.Env ?? [], "HOME") ?? root.User(uid)?.Home ?? "/";

    private IReadOnlyList<KeyValuePair<string, string>> Environment(IReadOnlyList<string> phaseEnvironment, string home)
    {
        var variables = new List<KeyValuePair<string, string>>();
        void Set(string name, string value)
        {
            variables.RemoveAll(v => v.Key == name);
            variables.Add(new(name, value));
        }

        foreach (var entry in (image.Env ?? []).Concat(phaseEnvironment))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                Set(entry[..equals], entry[(equals + 1)..]);
            }
        }

        if (!variables.Any(v => v.Key == "PATH"))
        {
            Set("PATH", DefaultPath);
        }

        if (!variables.Any(v => v.Key == "HOME"))
        {
            Set("HOME", home);
        }

        return variables;
    }

    private static string? Variable(IEnumerable<string> entries, string name) =>
        entries.Where(e => e.StartsWith(name + "=", StringComparison.Ordinal)).Select(e => e[(name.Length + 1)..]).LastOrDefault();
}
